import CRMCore
import Foundation
import Settings

/// The payer's stable link to a payment chain:
/// `{PUBLIC_BASE_URL}/api/v1/public/{tenantSlug}/pay/{chainId}?sig=…`. It always leads to the
/// chain's current attempt, so a switch to the backup provider is invisible to the payer and a
/// link sent by message never goes stale. The signature (HMAC-SHA256 under a key derived from
/// `SECRET_KEY`) keeps anyone from walking other payment ids.
public struct PayLinks: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String

    public init(secretKey: String, publicBaseURL: String) {
        signer = LinkSigner(secretKey: secretKey, purpose: "pay-links")
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func url(tenantSlug: String, tenantId: TenantID, chain: PaymentID) -> String {
        "\(publicBaseURL)/api/v1/public/\(tenantSlug)/pay/\(chain)?sig=\(signature(tenantId: tenantId, chain: chain))"
    }

    func signature(tenantId: TenantID, chain: PaymentID) -> String { signer.signature("\(tenantId):\(chain)") }

    func verify(_ given: String, tenantId: TenantID, chain: PaymentID) -> Bool { signer.verify(given, "\(tenantId):\(chain)") }

    /// Where the provider's page sends the payer back.
    func returnURL(settings: PaymentSettings) -> String {
        if let url = settings.returnUrl, !url.isEmpty { return url }
        return "\(publicBaseURL)/payment-return.html"
    }
}
