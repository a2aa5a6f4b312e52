import CRMCore
import Foundation

/// The client's link to their own booking: `{appointmentId}.{signature}`, the studio and the
/// appointment signed by `LinkSigner`. Whoever holds the link manages that one booking; nobody
/// can walk to another's.
public struct ManageLinks: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String

    public init(secretKey: String, publicBaseURL: String) {
        signer = LinkSigner(secretKey: secretKey, purpose: "manage-links")
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func token(tenantId: TenantID, appointment: AppointmentID) -> String {
        "\(appointment).\(signer.signature("\(tenantId):\(appointment)"))"
    }

    /// Where the client manages the booking: the storefront's manage page (`StorefrontPageController`),
    /// which reads `GET /api/v1/public/{slug}/manage/{token}` itself.
    public func url(slug: String, token: String) -> String { "\(publicBaseURL)/book/\(slug)/manage/\(token)" }

    /// The studio's Telegram Mini App (`/tg/{slug}`, the booking page inside Telegram); nil unless
    /// the installation is served over HTTPS, which Telegram requires of a Web App.
    public func miniAppURL(slug: String) -> String? {
        publicBaseURL.hasPrefix("https://") ? "\(publicBaseURL)/tg/\(slug)" : nil
    }

    /// The appointment a genuine token names; nil for anything else.
    public func appointment(in token: String, tenantId: TenantID) -> AppointmentID? {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = AppointmentID(string: parts[0]), signer.verify(parts[1], "\(tenantId):\(id)") else { return nil }
        return id
    }
}
