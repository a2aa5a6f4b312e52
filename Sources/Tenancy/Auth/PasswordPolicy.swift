import CRMCore
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// What a password must be, and how it is hashed. bcrypt reads only the first 72 bytes, so a
/// longer password would silently be cut: it is refused instead.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumBytes = 72

    /// The field problem for `password`, or nil when it is acceptable.
    public static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "too_short" }
        if password.utf8.count > maximumBytes { return "too_long" }
        return nil
    }

    /// bcrypt is deliberately slow: keep it off the event loops.
    public static func hash(_ password: String, cost: UInt8) async throws -> String {
        let cost = max(10, cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
