import Crypto
import Foundation

/// Bearer secrets (session cookies, access tokens, reset links): random, shown once, stored only
/// as their SHA-256, so a database leak does not leak usable credentials.
public enum SecretToken {
    /// 32 random bytes as base64url without padding, after `prefix` (which names the kind).
    public static func generate(prefix: String = "") -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Hex SHA-256, the form stored and looked up.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
