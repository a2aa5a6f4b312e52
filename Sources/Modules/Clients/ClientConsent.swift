import CRMCore
import Foundation
import Tenancy

/// What a client agreed to (SPEC §3).
public enum ConsentKind: String, Codable, Sendable, CaseIterable {
    case dataProcessing = "data_processing"
    case marketingSMS = "marketing_sms"
    case marketingEmail = "marketing_email"
    case marketingTelegram = "marketing_telegram"
    case photoUsage = "photo_usage"
}

/// How the consent was given.
public enum ConsentSource: String, Codable, Sendable, CaseIterable {
    case inPerson = "in_person"
    case paper, verbal
    case onlineBooking = "online_booking"
    case telegram
    case webForm = "web_form"
    case `import`
}

/// One recorded decision of a client: granted or refused, who recorded it, how, from where.
/// A granted consent is withdrawn by revoking it (the row stays, with who and when).
struct ClientConsent: Codable, Sendable, Equatable {
    let id: ConsentID
    let clientId: CustomerID
    let kind: ConsentKind
    let granted: Bool
    let source: ConsentSource
    let ip: String?
    let recordedBy: UserID?
    let createdAt: Date
    var revokedAt: Date?
    var revokedBy: UserID?

    /// Granted and not revoked.
    var isActive: Bool { granted && revokedAt == nil }

    var auditSnapshot: JSONValue {
        .object([
            "clientId": .string(clientId.description), "kind": .string(kind.rawValue), "granted": .bool(granted),
            "source": .string(source.rawValue), "ip": ip.map(JSONValue.string) ?? .null, "revoked": .bool(revokedAt != nil),
        ])
    }
}
