import CRMCore
import Foundation

/// A specialist who takes appointments (SPEC §3), optionally linked to a user account of the
/// same tenant (at most one staff record per user). Works at one location, by a weekly schedule.
public struct StaffMember: Sendable, Equatable {
    public var id: StaffID
    public var tenantId: TenantID
    public var name: String
    public var userId: UserID?
    /// `#RRGGBB`, upper case: the calendar colour.
    public var color: String
    public var active: Bool
    public var locationId: LocationID
    public var schedule: WeeklySchedule
    /// The services they perform, sorted.
    public var serviceIds: [ServiceID]
    public var createdAt: Date
    public var updatedAt: Date

    public var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "name": .string(name), "userId": userId.map { .string($0.description) } ?? .null,
            "color": .string(color), "active": .bool(active), "locationId": .string(locationId.description), "schedule": schedule.jsonValue,
            "serviceIds": .array(serviceIds.map { .string($0.description) }),
        ])
    }
}

/// Field rules of staff records.
enum StaffRules {
    static let maxNameLength = 200

    /// Calendar colours handed out in turn when a new staff member is created without one.
    static let palette = ["#8E7CC3", "#E06666", "#6FA8DC", "#93C47D", "#F6B26B", "#C27BA0", "#76A5AF", "#FFD966"]

    /// `#RRGGBB` (either case) as upper case, or nil.
    static func color(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#"), bytes.dropFirst().allSatisfy({ $0 < 128 && Character(UnicodeScalar($0)).isHexDigit })
        else { return nil }
        return text.uppercased()
    }

    static func name(_ text: String?, into problems: inout [String: String]) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            problems["name"] = "required"
            return nil
        }
        guard trimmed.count <= maxNameLength else {
            problems["name"] = "too_long"
            return nil
        }
        return trimmed
    }
}
