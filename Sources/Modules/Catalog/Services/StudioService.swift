import CRMCore
import Foundation

/// A service the studio sells (SPEC §3): `services` in routes and tables, `StudioService` in
/// code so it never reads as the service layer.
public struct StudioService: Sendable, Equatable {
    public let id: ServiceID
    public var category: String
    public var name: String
    public var description: String?
    public var basePrice: Money
    /// What one session costs the studio (materials), for margins; optional.
    public var cost: Money?
    public var durationMinutes: Int
    /// The buffer after the service (cleaning, preparation). The slot engine rounds
    /// duration + break up to its 15-minute grid.
    public var breakMinutes: Int
    public var onlineBookable: Bool
    /// nil: the tenant's deposit policy applies.
    public var depositRule: ServiceDepositRule?
    /// Inactive services stay readable (appointments reference them) but are not offered.
    public var active: Bool
    /// Services suggested as add-ons, in the order given; never the service itself.
    public var upsellServiceIds: [ServiceID]
    public var createdAt: Date
    public var updatedAt: Date

    public static let durationRange = 5...720
    public static let breakRange = 0...240
    public static let minuteStep = 5
    public static let maxUpsells = 20
    public static let maxNameLength = 200
    public static let maxCategoryLength = 100
    public static let maxDescriptionLength = 4000

    /// The key names are unique under: trimmed, inner whitespace collapsed, case folded
    /// (Unicode-aware, so `Стрижка` and `СТРИЖКА` collide on both engines).
    public static func nameKey(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// What the audit trail and the events keep of a service.
    var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "category": .string(category), "name": .string(name),
            "description": description.map(JSONValue.string) ?? .null, "basePrice": .string(basePrice.description),
            "cost": cost.map { .string($0.description) } ?? .null, "durationMinutes": .int(Int64(durationMinutes)),
            "breakMinutes": .int(Int64(breakMinutes)), "onlineBookable": .bool(onlineBookable),
            "depositRule": depositRule?.auditSnapshot ?? .null, "active": .bool(active),
            "upsellServiceIds": .array(upsellServiceIds.map { .string($0.description) }),
        ])
    }
}
