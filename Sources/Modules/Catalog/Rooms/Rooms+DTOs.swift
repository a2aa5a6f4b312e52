import CRMCore
import Foundation
import Hummingbird

struct CreateRoomInput: Decodable, Sendable {
    let name: String?
    let locationId: LocationID?
    let active: Bool?
    let serviceIds: [ServiceID]?
}

struct UpdateRoomInput: Decodable, Sendable {
    let name: String?
    let locationId: LocationID?
    let active: Bool?
    /// Replaces the whole set.
    let serviceIds: [ServiceID]?
}

struct RoomDTO: Encodable, Sendable, ResponseEncodable {
    let id: RoomID
    let name: String
    let locationId: LocationID
    let active: Bool
    let serviceIds: [ServiceID]
    let createdAt: Date
    let updatedAt: Date

    init(_ room: Room) {
        id = room.id
        name = room.name
        locationId = room.locationId
        active = room.active
        serviceIds = room.serviceIds
        createdAt = room.createdAt
        updatedAt = room.updatedAt
    }
}
