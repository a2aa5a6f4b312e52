import CRMCore
import Crypto
import Foundation
import Settings

/// The payer's stable link to a payment chain:
/// `{PUBLIC_BASE_URL}/api/v1/public/{tenantSlug}/pay/{chainId}?sig=…`. It always leads to the
/// chain's current attempt, so a switch to the backup provider is invisible to the payer and a
/// link sent by message never goes stale. The signature (HMAC-SHA256 under a key derived from
/// `SECRET_KEY`) keeps anyone from walking other payment ids.
public struct PayLinks: Sendable {
    let key: SymmetricKey
    let publicBaseURL: String

    public init(secretKey: String, publicBaseURL: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("veloria:pay-links".utf8), outputByteCount: 32)
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func url(tenantSlug: String, tenantId: TenantID, chain: PaymentID) -> String {
        "\(publicBaseURL)/api/v1/public/\(tenantSlug)/pay/\(chain)?sig=\(signature(tenantId: tenantId, chain: chain))"
    }

    func signature(tenantId: TenantID, chain: PaymentID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(tenantId):\(chain)".utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func verify(_ given: String, tenantId: TenantID, chain: PaymentID) -> Bool {
        ConstantTime.equal(given, signature(tenantId: tenantId, chain: chain))
    }

    /// Where the provider's page sends the payer back.
    func returnURL(settings: PaymentSettings) -> String {
        if let url = settings.returnUrl, !url.isEmpty { return url }
        return "\(publicBaseURL)/payment-return.html"
    }
}
