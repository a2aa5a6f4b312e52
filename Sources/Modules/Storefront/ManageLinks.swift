import CRMCore
import Crypto
import Foundation

/// The client's link to their own booking: `{appointmentId}.{signature}`, the signature an
/// HMAC-SHA256 of the studio and the appointment under a key derived from `SECRET_KEY`. Whoever
/// holds the link manages that one booking; nobody can walk to another's.
public struct ManageLinks: Sendable {
    let key: SymmetricKey
    let publicBaseURL: String

    public init(secretKey: String, publicBaseURL: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("veloria:manage-links".utf8), outputByteCount: 32)
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func token(tenantId: TenantID, appointment: AppointmentID) -> String {
        "\(appointment).\(signature(tenantId: tenantId, appointment: appointment))"
    }

    /// Where the client manages the booking (the API's view of it until the storefront page).
    public func url(slug: String, token: String) -> String { "\(publicBaseURL)/api/v1/public/\(slug)/manage/\(token)" }

    /// The appointment a genuine token names; nil for anything else.
    public func appointment(in token: String, tenantId: TenantID) -> AppointmentID? {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = AppointmentID(string: parts[0]),
            ConstantTime.equal(parts[1], signature(tenantId: tenantId, appointment: id))
        else { return nil }
        return id
    }

    func signature(tenantId: TenantID, appointment: AppointmentID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(tenantId):\(appointment)".utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
