import CRMCore
import Foundation

/// A client of the studio (SPEC §3). `Customer` in code so it never clashes with HTTP clients;
/// `clients` in routes and tables.
public struct Customer: Sendable, Equatable {
    public var id: CustomerID
    public var name: String
    /// E.164.
    public var phone: String?
    public var email: String?
    public var birthday: LocalDate?
    public var locale: AppLocale?
    /// Tags staff gave; automatic ones are `autoTags`.
    public var tags: [String]
    public var autoTags: [String]
    public var allergies: String?
    public var preferences: String?
    public var loyaltyLevel: LoyaltyLevel
    public var telegramChatId: String?
    /// Completed visits, kept by the appointments that complete.
    public var visitsCount: Int
    /// Money received from the client less what was refunded, kept by the payments.
    public var totalSpent: Money
    /// The start of the latest completed visit.
    public var lastVisitAt: Date?
    public var noShowCount: Int = 0
    /// Cancellations inside the studio's cancellation window.
    public var lateCancelCount: Int = 0
    public var createdBy: UserID?
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    /// What the audit trail keeps of a client.
    var auditSnapshot: JSONValue {
        .object([
            "name": .string(name), "phone": phone.map(JSONValue.string) ?? .null, "email": email.map(JSONValue.string) ?? .null,
            "birthday": birthday.map { .string($0.description) } ?? .null, "locale": locale.map { .string($0.rawValue) } ?? .null,
            "tags": .array(tags.map(JSONValue.string)), "allergies": allergies.map(JSONValue.string) ?? .null,
            "preferences": preferences.map(JSONValue.string) ?? .null, "loyaltyLevel": .string(loyaltyLevel.rawValue),
            "telegramChatId": telegramChatId.map(JSONValue.string) ?? .null, "archived": .bool(archivedAt != nil),
        ])
    }
}

/// The studio's loyalty level of a client, set by staff.
public enum LoyaltyLevel: String, Sendable, Codable, CaseIterable {
    case none, silver, gold, platinum

    /// Higher is better: none < silver < gold < platinum.
    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// The automatic tags (feature `clients.autotags`); staff cannot give these names by hand.
public enum AutoTag: String, Sendable, Codable, CaseIterable {
    case new, regular, vip
    case atRisk = "at_risk"
    case lost
}
