import CRMCore
import Foundation
import Hummingbird

struct CreateRoomInput: Decodable, Sendable {
    let name: String?
    let locationId: LocationID?
    let active: Bool?
}

struct UpdateRoomInput: Decodable, Sendable {
    let name: String?
    let locationId: LocationID?
    let active: Bool?
}

struct RoomDTO: Encodable, Sendable, ResponseEncodable {
    let id: RoomID
    let name: String
    let locationId: LocationID
    let active: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ room: Room) {
        id = room.id
        name = room.name
        locationId = room.locationId
        active = room.active
        createdAt = room.createdAt
        updatedAt = room.updatedAt
    }
}
