import Crypto
import Foundation

/// Signatures of links the server hands out (pay links, a client's manage link): HMAC-SHA256
/// under a key derived from `SECRET_KEY` for one purpose, base64url without padding. Holding a
/// signed link is the proof; nobody can walk from one id to the next.
public struct LinkSigner: Sendable {
    let key: SymmetricKey

    /// `purpose` separates the keys (`pay-links`, `manage-links`): one kind of link never verifies as another.
    public init(secretKey: String, purpose: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("veloria:\(purpose)".utf8), outputByteCount: 32)
    }

    public func signature(_ message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public func verify(_ given: String, _ message: String) -> Bool { ConstantTime.equal(given, signature(message)) }
}
