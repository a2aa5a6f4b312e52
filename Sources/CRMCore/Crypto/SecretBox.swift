import Crypto
import Foundation

/// Encrypts small secrets kept in the database (TOTP seeds, provider credentials) with a key
/// derived from the server's `SECRET_KEY`, so a leaked dump alone does not reveal them.
/// AES-GCM: each value gets its own nonce and is authenticated, so tampering is detected.
public struct SecretBox: Sendable {
    let key: SymmetricKey

    /// `purpose` separates keys, so a value sealed for one use cannot be opened as another.
    public init(secretKey: String, purpose: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("veloria:\(purpose)".utf8), outputByteCount: 32)
    }

    /// Base64 of nonce + ciphertext + tag.
    public func seal(_ plaintext: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(plaintext.utf8), using: key).combined else { throw SecretBoxError.sealFailed }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw SecretBoxError.malformed }
        let plaintext = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plaintext, as: UTF8.self)
    }
}

public enum SecretBoxError: Error {
    case sealFailed
    case malformed
}
