import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Rooms: CRUD, names unique per location, the location filter, audit and events.
@Suite struct RoomsTests {
    @Test func roomsAreCreatedPatchedAndFilteredByLocation() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let second = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"Second"}"#)
                .decoded(LocationBody.self)
            // when
            let created = try await client.call(.post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Cabinet 1"}"#)
            let elsewhere = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"cabinet 1","locationId":"\#(second.id)"}"#)
            let duplicate = try await client.call(.post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"CABINET 1"}"#)
            // then
            #expect(created.status == .created, "\(created.text)")
            let room = try created.decoded(RoomBody.self)
            #expect(room.locationId == world.defaultLocationId && room.active)
            #expect(elsewhere.status == .created)
            #expect(duplicate.status == .conflict && duplicate.errorBody?.fields == ["name": "taken"])
            let createdEvent = try await auditedWithEvent(app.database, world.tenant.id, "room.created", entityId: room.id)
            #expect(createdEvent?.payload.at("locationId") == .string(world.defaultLocationId))

            // when: renamed and deactivated
            let patched = try await client.call(
                .patch, "/api/v1/rooms/\(room.id)", as: .bearer(world.token), json: #"{"name":"Laser room","active":false}"#)
            // then
            let after = try patched.decoded(RoomBody.self)
            #expect(after.name == "Laser room" && !after.active)
            let updated = try await auditedWithEvent(app.database, world.tenant.id, "room.updated", entityId: room.id)
            #expect(updated?.payload.at("changed") == .array(["active", "name"]))
            let atSecond = try await client.call(.get, "/api/v1/rooms?filter[locationId]=\(second.id)", as: .bearer(world.token))
                .decoded(SchedulingPage<RoomBody>.self)
            #expect(atSecond.items.map(\.name) == ["cabinet 1"])
            let shown = try await client.call(.get, "/api/v1/rooms/\(room.id)", as: .bearer(world.token)).decoded(RoomBody.self)
            #expect(shown.name == "Laser room")
            // moving into a location that already has that name is refused
            let clash = try await client.call(
                .patch, "/api/v1/rooms/\(room.id)", as: .bearer(world.token), json: #"{"name":"Cabinet 1","locationId":"\#(second.id)"}"#)
            #expect(clash.status == .conflict && clash.errorBody?.fields == ["name": "taken"])
        }
    }

    @Test func aRoomNeedsANameAndAnActiveLocationOfTheTenant() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let other = try await StudioWorld.scheduling(client, app)
            // when
            let bad = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"  ","locationId":"\#(other.defaultLocationId)"}"#)
            // then
            #expect(bad.status == .badRequest)
            #expect(bad.errorBody?.fields == ["name": "required", "locationId": "not_found"])
            #expect(try await rowCount(app.database, "rooms", world.tenant.id) == 0)
        }
    }
}
