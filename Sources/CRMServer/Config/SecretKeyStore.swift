import Crypto
import Foundation

/// The secret key of an embedded installation: generated once into `var/secret.key`
/// (readable by the owner only) and read back on every start.
public struct SecretKeyStore: Sendable {
    public let file: URL

    public init(file: URL) { self.file = file }

    public func loadOrCreate() throws -> String {
        if let existing = try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            existing.utf8.count >= 32
        {
            return existing
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
        try Data((key + "\n").utf8).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return key
    }
}
