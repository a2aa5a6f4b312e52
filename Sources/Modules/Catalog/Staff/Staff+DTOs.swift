import CRMCore
import Foundation
import Hummingbird

struct CreateStaffInput: Decodable, Sendable {
    let name: String?
    let userId: UserID?
    let color: String?
    let active: Bool?
    let locationId: LocationID?
    let schedule: JSONValue?
    let serviceIds: [ServiceID]?
}

struct UpdateStaffInput: Decodable, Sendable {
    let name: String?
    /// `null` unlinks the user account.
    let userId: ClearableField<UserID>
    let color: String?
    let active: Bool?
    let locationId: LocationID?
    let schedule: JSONValue?
    /// Replaces the whole set.
    let serviceIds: [ServiceID]?

    enum CodingKeys: String, CodingKey {
        case name, userId, color, active, locationId, schedule, serviceIds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        userId = try container.decodeClearable(UserID.self, forKey: .userId)
        color = try container.decodeIfPresent(String.self, forKey: .color)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        locationId = try container.decodeIfPresent(LocationID.self, forKey: .locationId)
        schedule = try container.decodeIfPresent(JSONValue.self, forKey: .schedule)
        serviceIds = try container.decodeIfPresent([ServiceID].self, forKey: .serviceIds)
    }
}

struct StaffDTO: Encodable, Sendable, ResponseEncodable {
    let id: StaffID
    let name: String
    let userId: UserID?
    let color: String
    let active: Bool
    let locationId: LocationID
    let schedule: WeeklySchedule
    let serviceIds: [ServiceID]
    let createdAt: Date
    let updatedAt: Date

    init(_ member: StaffMember) {
        id = member.id
        name = member.name
        userId = member.userId
        color = member.color
        active = member.active
        locationId = member.locationId
        schedule = member.schedule
        serviceIds = member.serviceIds
        createdAt = member.createdAt
        updatedAt = member.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, userId, color, active, locationId, schedule, serviceIds, createdAt, updatedAt
    }

    /// `userId` is always present (null when not linked).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(userId, forKey: .userId)
        try container.encode(color, forKey: .color)
        try container.encode(active, forKey: .active)
        try container.encode(locationId, forKey: .locationId)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(serviceIds, forKey: .serviceIds)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

extension CreateStaffInput: NullableFields {
    static let nullableFields: Set<String> = ["userId"]
}

extension UpdateStaffInput: NullableFields {
    static let nullableFields: Set<String> = ["userId"]
}
