import CRMCore
import Foundation
import Tenancy

/// A place where the studio works (SPEC §3), with its weekly hours. One per tenant is the
/// default (created with the tenant); staff and rooms belong to a location. Locations have no
/// time zone: the tenant has one (SPEC §13).
public struct Location: Sendable, Equatable {
    public var id: LocationID
    public var tenantId: TenantID
    public var name: String
    public var address: String?
    public var phone: String?
    public var schedule: WeeklySchedule
    public var active: Bool
    public var isDefault: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "name": .string(name), "address": address.map(JSONValue.string) ?? .null,
            "phone": phone.map(JSONValue.string) ?? .null, "schedule": schedule.jsonValue, "active": .bool(active),
            "isDefault": .bool(isDefault),
        ])
    }
}

/// Field rules of locations and rooms, shared by create and update.
enum PlaceRules {
    static let maxNameLength = TenantDefaultLocation.maxNameLength
    static let maxAddressLength = 500

    /// Trimmed name, or the problem.
    static func name(_ text: String?, field: String = "name", into problems: inout [String: String]) -> String? {
        guard let text else {
            problems[field] = "required"
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            problems[field] = "required"
        } else if trimmed.count > maxNameLength {
            problems[field] = "too_long"
        } else {
            return trimmed
        }
        return nil
    }

    /// Case-insensitive uniqueness key of a (trimmed) name; what `TenantDefaultLocation` stores too.
    static func nameKey(_ name: String) -> String { name.lowercased() }

    /// Trimmed, or nil when blank.
    static func optionalText(_ text: String?, field: String, maxLength: Int, into problems: inout [String: String]) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        if trimmed.count > maxLength { problems[field] = "too_long" }
        return trimmed
    }

    /// A phone as people write it: `+`, digits, spaces, dashes, brackets; 5 to 15 digits.
    static func phone(_ text: String?, into problems: inout [String: String]) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        let digits = trimmed.filter(\.isNumber).count
        if !trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " +-()".contains($0)) }) || !(5...15).contains(digits) {
            problems["phone"] = "invalid"
        }
        return trimmed
    }
}
