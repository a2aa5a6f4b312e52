import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@Suite struct RescheduleTests {
    @Test func rescheduleKeepsTheIdAndEmitsOldAndNewStart() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            // when: to 10:45 — overlapping its own old time is fine
            let response = try await client.call(
                .post, "/api/v1/appointments/\(booked.id)/reschedule", as: .bearer(world.token),
                body: RescheduleBody(startsAt: StudioWorld.tomorrow(at: "10:45"), roomId: world.roomId))
            // then
            let moved = try response.decoded(AppointmentBody.self)
            #expect(moved.id == booked.id && moved.startsAt == "2026-06-02T10:45:00+01:00" && moved.endsAt == "2026-06-02T11:45:00+01:00")
            #expect(moved.roomId == world.roomId && moved.status == "pending")
            let event = try #require(try await auditedWithEvent(app.database, world.tenantId, "appointment.rescheduled", entityId: booked.id))
            #expect(event.payload.at("previousStartsAt") == .string("2026-06-02T09:00:00+00:00"))
            #expect(event.payload.at("startsAt") == .string("2026-06-02T09:45:00+00:00"))
            // the old time is free again
            #expect(try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "09:15")).status == .created)
        }
    }

    @Test func rescheduleRechecksTheSlotAndTheFields() async throws {
        try await withTestApp { client, app in
            // given: two appointments and a staff member who does not perform the service
            let world = try await StudioWorld.booking(client, app)
            let first = try await world.book(client, at: "10:00")
            _ = try await world.book(client, at: "13:00")
            let stranger = try await world.addStaff("Stranger", performs: [])
            // when
            let taken = try await client.call(
                .post, "/api/v1/appointments/\(first.id)/reschedule", as: .bearer(world.token),
                body: RescheduleBody(startsAt: StudioWorld.tomorrow(at: "12:00")))
            let invalid = try await client.call(
                .post, "/api/v1/appointments/\(first.id)/reschedule", as: .bearer(world.token),
                body: RescheduleBody(startsAt: "2026-06-02T12:05:00", staffId: stranger))
            let empty = try await client.call(.post, "/api/v1/appointments/\(first.id)/reschedule", as: .bearer(world.token), json: "{}")
            // then
            #expect(taken.errorCode == "slot_taken" && taken.errorBody?.details?["startsAt"] == .string("2026-06-02T13:00:00+01:00"))
            #expect(invalid.errorBody?.fields == ["startsAt": "off_grid", "serviceId": "not_performed_by_staff"])
            #expect(empty.errorBody?.fields == ["startsAt": "required"])
            let stored = try await client.call(.get, "/api/v1/appointments/\(first.id)", as: .bearer(world.token)).decoded(AppointmentBody.self)
            #expect(stored.startsAt == first.startsAt)
        }
    }

    @Test func aClosedAppointmentDoesNotMove() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(booked.id)/cancel", as: .bearer(world.token))
            // when
            let response = try await client.call(
                .post, "/api/v1/appointments/\(booked.id)/reschedule", as: .bearer(world.token),
                body: RescheduleBody(startsAt: StudioWorld.tomorrow(at: "15:00")))
            // then
            #expect(response.status == .conflict && response.errorCode == "not_reschedulable")
            #expect(response.errorBody?.details == ["status": .string("cancelled")])
        }
    }
}
