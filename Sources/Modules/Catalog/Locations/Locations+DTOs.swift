import CRMCore
import Foundation
import Hummingbird

struct CreateLocationInput: Decodable, Sendable {
    let name: String?
    let address: String?
    let phone: String?
    let schedule: JSONValue?
    let active: Bool?
}

struct UpdateLocationInput: Decodable, Sendable {
    let name: String?
    let address: ClearableField<String>
    let phone: ClearableField<String>
    let schedule: JSONValue?
    let active: Bool?
    let isDefault: Bool?

    enum CodingKeys: String, CodingKey {
        case name, address, phone, schedule, active, isDefault
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        address = try container.decodeClearable(String.self, forKey: .address)
        phone = try container.decodeClearable(String.self, forKey: .phone)
        schedule = try container.decodeIfPresent(JSONValue.self, forKey: .schedule)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault)
    }
}

struct LocationDTO: Encodable, Sendable, ResponseEncodable {
    let id: LocationID
    let name: String
    let address: String?
    let phone: String?
    let schedule: WeeklySchedule
    let active: Bool
    let isDefault: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ location: Location) {
        id = location.id
        name = location.name
        address = location.address
        phone = location.phone
        schedule = location.schedule
        active = location.active
        isDefault = location.isDefault
        createdAt = location.createdAt
        updatedAt = location.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, address, phone, schedule, active, isDefault, createdAt, updatedAt
    }

    /// `address` and `phone` are always present (null when not set).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(address, forKey: .address)
        try container.encode(phone, forKey: .phone)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(active, forKey: .active)
        try container.encode(isDefault, forKey: .isDefault)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

extension CreateLocationInput: NullableFields {
    static let nullableFields: Set<String> = ["address", "phone"]
}

extension UpdateLocationInput: NullableFields {
    static let nullableFields: Set<String> = ["address", "phone"]
}
