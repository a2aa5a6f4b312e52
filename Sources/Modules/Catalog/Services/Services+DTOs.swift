import CRMCore
import Foundation
import Hummingbird

/// A service as the API shows it.
struct ServiceDTO: Encodable, ResponseEncodable, Sendable {
    let id: ServiceID
    let category: String
    let name: String
    let description: String?
    let basePrice: Money
    let cost: Money?
    let durationMinutes: Int
    let breakMinutes: Int
    let onlineBookable: Bool
    let depositRule: ServiceDepositRule?
    let active: Bool
    let upsellServiceIds: [ServiceID]
    let createdAt: Date
    let updatedAt: Date

    init(_ service: StudioService) {
        id = service.id
        category = service.category
        name = service.name
        description = service.description
        basePrice = service.basePrice
        cost = service.cost
        durationMinutes = service.durationMinutes
        breakMinutes = service.breakMinutes
        onlineBookable = service.onlineBookable
        depositRule = service.depositRule
        active = service.active
        upsellServiceIds = service.upsellServiceIds
        createdAt = service.createdAt
        updatedAt = service.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, category, name, description, basePrice, cost, durationMinutes, breakMinutes, onlineBookable, depositRule, active
        case upsellServiceIds, createdAt, updatedAt
    }

    /// Optional fields are written as `null`, never left out, so clients see every key.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(category, forKey: .category)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(basePrice, forKey: .basePrice)
        try container.encode(cost, forKey: .cost)
        try container.encode(durationMinutes, forKey: .durationMinutes)
        try container.encode(breakMinutes, forKey: .breakMinutes)
        try container.encode(onlineBookable, forKey: .onlineBookable)
        try container.encode(depositRule, forKey: .depositRule)
        try container.encode(active, forKey: .active)
        try container.encode(upsellServiceIds, forKey: .upsellServiceIds)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
