import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

private struct CreatedService: Decodable {
    let id: String
}

/// The services staff perform and rooms host: only the tenant's own services, PATCH replaces
/// the set, `filter[serviceId]`, audit and events.
@Suite struct ServiceLinksTests {
    static func service(_ client: some TestClientProtocol, token: String, name: String) async throws -> String {
        let response = try await client.call(
            .post, "/api/v1/services", as: .bearer(token), json: #"{"category":"Nails","name":"\#(name)","basePrice":1500,"durationMinutes":60}"#)
        #expect(response.status == .created, "\(response.text)")
        return try response.decoded(CreatedService.self).id
    }

    @Test func staffPerformServicesOfTheirStudioAndPatchReplacesTheSet() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let other = try await StudioWorld.scheduling(client, app)
            let manicure = try await Self.service(client, token: world.token, name: "Manicure")
            let pedicure = try await Self.service(client, token: world.token, name: "Pedicure")
            let foreign = try await Self.service(client, token: other.token, name: "Manicure")
            // when
            let created = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","serviceIds":["\#(manicure)","\#(manicure)"]}"#)
            let refused = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token),
                json: #"{"name":"Spy","serviceIds":["\#(manicure)","\#(foreign)","\#(UUID().uuidString)"]}"#)
            // then: duplicates collapse; another studio's service is as unknown as none
            #expect(created.status == .created, "\(created.text)")
            let anna = try created.decoded(StaffMemberBody.self)
            #expect(anna.serviceIds == [manicure])
            #expect(refused.status == .badRequest)
            #expect(refused.errorBody?.fields == ["serviceIds[1]": "not_found", "serviceIds[2]": "not_found"])
            #expect(try await rowCount(app.database, "staff", world.tenant.id) == 1)

            // when: PATCH replaces the whole set
            let patched = try await client.call(
                .patch, "/api/v1/staff/\(anna.id)", as: .bearer(world.token), json: #"{"serviceIds":["\#(pedicure)"]}"#)
            // then
            #expect(try patched.decoded(StaffMemberBody.self).serviceIds == [pedicure])
            let event = try await auditedWithEvent(app.database, world.tenant.id, "staff.updated", entityId: anna.id)
            #expect(event?.payload.at("changed") == .array(["serviceIds"]))
            #expect(event?.payload.at("serviceIds") == .array([.string(pedicure)]))
            let shown = try await client.call(.get, "/api/v1/staff/\(anna.id)", as: .bearer(world.token)).decoded(StaffMemberBody.self)
            #expect(shown.serviceIds == [pedicure])
            let cleared = try await client.call(.patch, "/api/v1/staff/\(anna.id)", as: .bearer(world.token), json: #"{"serviceIds":[]}"#)
            #expect(try cleared.decoded(StaffMemberBody.self).serviceIds.isEmpty)
        }
    }

    @Test func staffAndRoomsAreFilteredByService() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let manicure = try await Self.service(client, token: world.token, name: "Manicure")
            let massage = try await Self.service(client, token: world.token, name: "Massage")
            for body in [
                #"{"name":"Anna","serviceIds":["\#(manicure)","\#(massage)"]}"#, #"{"name":"Bella","serviceIds":["\#(massage)"]}"#,
                #"{"name":"Vera"}"#,
            ] {
                #expect(try await client.call(.post, "/api/v1/staff", as: .bearer(world.token), json: body).status == .created)
            }
            let room = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Massage room","serviceIds":["\#(massage)"]}"#)
            #expect(room.status == .created, "\(room.text)")
            _ = try await client.call(.post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Nail bar"}"#)
            // when
            let masseurs = try await client.call(.get, "/api/v1/staff?filter[serviceId]=\(massage)", as: .bearer(world.token))
                .decoded(SchedulingPage<StaffMemberBody>.self)
            let manicurists = try await client.call(.get, "/api/v1/staff?filter[serviceId]=\(manicure)&filter[active]=true", as: .bearer(world.token))
                .decoded(SchedulingPage<StaffMemberBody>.self)
            let rooms = try await client.call(.get, "/api/v1/rooms?filter[serviceId]=\(massage)", as: .bearer(world.token))
                .decoded(SchedulingPage<RoomBody>.self)
            // then
            #expect(masseurs.items.map(\.name) == ["Anna", "Bella"])
            #expect(masseurs.items.first?.serviceIds == [manicure, massage].sorted())
            #expect(manicurists.items.map(\.name) == ["Anna"])
            #expect(rooms.items.map(\.name) == ["Massage room"] && rooms.items.first?.serviceIds == [massage])
        }
    }

    @Test func roomServicesArePatchedWithAuditAndEvent() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let laser = try await Self.service(client, token: world.token, name: "Laser")
            let room = try await client.call(.post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Cabinet"}"#).decoded(RoomBody.self)
            // when
            let patched = try await client.call(.patch, "/api/v1/rooms/\(room.id)", as: .bearer(world.token), json: #"{"serviceIds":["\#(laser)"]}"#)
            let bad = try await client.call(.patch, "/api/v1/rooms/\(room.id)", as: .bearer(world.token), json: #"{"serviceIds":["not-an-id"]}"#)
            // then
            #expect(try patched.decoded(RoomBody.self).serviceIds == [laser])
            let event = try await auditedWithEvent(app.database, world.tenant.id, "room.updated", entityId: room.id)
            #expect(event?.payload.at("changed") == .array(["serviceIds"]))
            #expect(bad.status == .badRequest && bad.errorCode == "validation_error")
            let stored = try await client.call(.get, "/api/v1/rooms/\(room.id)", as: .bearer(world.token)).decoded(RoomBody.self)
            #expect(stored.serviceIds == [laser])
        }
    }
}
