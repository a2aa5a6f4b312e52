import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// The slot engine and the appointments table together: a booking takes its time and its
/// break out of the offered starts, and cancelling gives them back.
@Suite struct SlotsFromAppointmentsTests {
    struct Slots: Decodable {
        struct Staff: Decodable { let staffId: String; let days: [Day] }
        struct Day: Decodable { let date: String; let starts: [String] }
        let staff: [Staff]
        var starts: [String] { staff.flatMap { $0.days.flatMap(\.starts) } }
    }
    struct Explanation: Decodable {
        struct Reason: Decodable { let code: String }
        let offered: Bool
        let reasons: [Reason]
    }
    struct IdBody: Decodable { let id: String }

    @Test func aBookingTakesItsTimeAndBreakAndCancellingGivesThemBack() async throws {
        try await withTestApp { client, app in
            // given: a 60-minute service with a 15-minute break, one staff member, one booking at 10:00 local
            let world = try await StudioWorld.studio(client, app)
            let service = try await ServiceFixtures.create(client, token: world.token, name: "Colour", duration: 60, extra: #""breakMinutes":15"#)
            let staff = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","serviceIds":["\#(service.id)"]}"#
            )
            .decoded(IdBody.self)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            let booked = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: NewAppointment(clientId: customer.id, serviceId: service.id, staffId: staff.id, startsAt: "2026-06-02T10:00:00"))
            try #require(booked.status == .created, "\(booked.text)")
            let query = "/api/v1/availability/slots?serviceId=\(service.id)&staffId=\(staff.id)&from=2026-06-02&to=2026-06-02"
            // when
            let taken = try await client.call(.get, query, as: .bearer(world.token)).decoded(Slots.self).starts
            let why = try await client.call(
                .get, "/api/v1/availability/explain?serviceId=\(service.id)&staffId=\(staff.id)&at=2026-06-02T10:30:00", as: .bearer(world.token)
            ).decoded(Explanation.self)
            _ = try await client.call(
                .post, "/api/v1/appointments/\(try booked.decoded(IdBody.self).id)/cancel", as: .bearer(world.token), json: "{}")
            let freed = try await client.call(.get, query, as: .bearer(world.token)).decoded(Slots.self).starts
            // then: 09:00 would run into the booking, 10:00–11:00 is taken, 11:00 is the break
            #expect(!taken.isEmpty)
            for start in ["2026-06-02T09:00:00+01:00", "2026-06-02T10:00:00+01:00", "2026-06-02T11:00:00+01:00"] {
                #expect(!taken.contains(start), "\(start) offered while booked")
            }
            #expect(taken.contains("2026-06-02T08:45:00+01:00") == false)
            #expect(taken.contains("2026-06-02T11:15:00+01:00"))
            #expect(!why.offered && why.reasons.map(\.code).contains("taken_by_appointment"))
            #expect(freed.contains("2026-06-02T10:00:00+01:00") && freed.contains("2026-06-02T09:00:00+01:00"))
        }
    }
}
