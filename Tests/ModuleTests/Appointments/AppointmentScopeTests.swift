import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Specialists see and change only the appointments of their own staff record, and the clients
/// of those appointments (SPEC §1).
@Suite struct AppointmentScopeTests {
    @Test func aSpecialistSeesAndChangesOnlyTheirOwnAppointments() async throws {
        try await withTestApp { client, app in
            // given: Anna (the world's staff) and Sofia, linked to a specialist user
            let world = try await StudioWorld.booking(client, app)
            let (user, token) = try await world.member(.specialist)
            let sofia = try await world.addStaff("Sofia", performs: [world.serviceId], userId: user.id.description)
            let annas = try await world.book(client, at: "10:00")
            let sofias = try await world.book(client, at: "10:00", staffId: sofia)
            // when
            let list = try await client.call(.get, "/api/v1/appointments", as: .bearer(token)).decoded(SchedulingPage<AppointmentBody>.self)
            let filtered = try await client.call(.get, "/api/v1/appointments?filter[staffId]=\(world.staffId)", as: .bearer(token))
                .decoded(SchedulingPage<AppointmentBody>.self)
            let readOther = try await client.call(.get, "/api/v1/appointments/\(annas.id)", as: .bearer(token))
            let cancelOther = try await client.call(.post, "/api/v1/appointments/\(annas.id)/cancel", as: .bearer(token))
            let confirmOwn = try await client.call(.post, "/api/v1/appointments/\(sofias.id)/confirm", as: .bearer(token))
            let bookForOther = try await client.call(.post, "/api/v1/appointments", as: .bearer(token), body: world.body(at: "15:00"))
            let bookOwn = try await client.call(.post, "/api/v1/appointments", as: .bearer(token), body: world.body(at: "15:00", staffId: sofia))
            // then
            #expect(list.items.map(\.id) == [sofias.id])
            #expect(filtered.items.isEmpty)
            #expect(readOther.status == .notFound && cancelOther.status == .notFound)
            #expect(confirmOwn.status == .ok)
            #expect(bookForOther.errorBody?.fields == ["staffId": "not_found"])
            #expect(bookOwn.status == .created)
            let stored = try await client.call(.get, "/api/v1/appointments/\(annas.id)", as: .bearer(world.token)).decoded(AppointmentBody.self)
            #expect(stored.status == "pending")
        }
    }

    @Test func aSpecialistWithoutAStaffRecordSeesNoAppointments() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            let (_, token) = try await world.member(.specialist)
            // when
            let list = try await client.call(.get, "/api/v1/appointments", as: .bearer(token)).decoded(SchedulingPage<AppointmentBody>.self)
            let read = try await client.call(.get, "/api/v1/appointments/\(booked.id)", as: .bearer(token))
            // then
            #expect(list.items.isEmpty && read.status == .notFound)
        }
    }

    @Test func aSpecialistSeesTheClientsOfTheirAppointments() async throws {
        try await withTestApp { client, app in
            // given: two clients made by the owner; only one has an appointment with the specialist's staff record
            let world = try await StudioWorld.booking(client, app)
            let (user, token) = try await world.member(.specialist)
            let sofia = try await world.addStaff("Sofia", performs: [world.serviceId], userId: user.id.description)
            let stranger = try await client.createClient(NewClient(name: "Olga Stranger"), token: world.token)
            let before = try await client.call(.get, "/api/v1/clients/\(world.clientId)", as: .bearer(token))
            _ = try await world.book(client, at: "10:00", staffId: sofia)
            // when
            let card = try await client.call(.get, "/api/v1/clients/\(world.clientId)", as: .bearer(token))
            let strangerCard = try await client.call(.get, "/api/v1/clients/\(stranger.id)", as: .bearer(token))
            let list = try await client.call(.get, "/api/v1/clients", as: .bearer(token)).decoded(ClientPage.self)
            // then
            #expect(before.status == .notFound)
            #expect(card.status == .ok && strangerCard.status == .notFound)
            #expect(list.items.map(\.id) == [world.clientId])
        }
    }

    @Test func financeAndReadOnlyCannotChangeAppointments() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            for role in [Role.finance, .readOnly] {
                let (_, token) = try await world.member(role)
                // when
                let read = try await client.call(.get, "/api/v1/appointments/\(booked.id)", as: .bearer(token))
                let cancel = try await client.call(.post, "/api/v1/appointments/\(booked.id)/cancel", as: .bearer(token))
                // then
                #expect(read.status == .ok, "\(role)")
                #expect(cancel.status == .forbidden, "\(role)")
            }
        }
    }
}
