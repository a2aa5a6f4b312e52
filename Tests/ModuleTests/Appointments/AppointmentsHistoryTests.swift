import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// Appointments in the client's history, within the viewer's scope.
@Suite struct AppointmentsHistoryTests {
    struct Entry: Decodable { let kind: String; let id: String }
    struct History: Decodable { let items: [Entry] }

    @Test func theHistoryShowsAppointmentsAndASpecialistSeesOnlyTheirOwn() async throws {
        try await withTestApp { client, app in
            // given: the client booked with Anna and with Sofia (linked to a specialist)
            let world = try await StudioWorld.booking(client, app)
            let (user, token) = try await world.member(.specialist)
            let sofia = try await world.addStaff("Sofia", performs: [world.serviceId], userId: user.id.description)
            let withAnna = try await world.book(client, at: "10:00")
            let withSofia = try await world.book(client, at: "12:00", staffId: sofia)
            _ = try await client.call(.post, "/api/v1/clients/\(world.clientId)/notes", as: .bearer(world.token), json: #"{"body":"likes tea"}"#)
            // when
            let owners = try await client.call(.get, "/api/v1/clients/\(world.clientId)/history", as: .bearer(world.token)).decoded(History.self)
            let specialists = try await client.call(.get, "/api/v1/clients/\(world.clientId)/history", as: .bearer(token)).decoded(History.self)
            // then: newest first (the 12:00 appointment is later than the note written now)
            #expect(owners.items.filter { $0.kind == "appointment" }.map(\.id) == [withSofia.id, withAnna.id])
            #expect(owners.items.contains { $0.kind == "note" })
            #expect(specialists.items.filter { $0.kind == "appointment" }.map(\.id) == [withSofia.id])
        }
    }
}
