import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import Modules
@testable import Booking

@Suite struct DoubleBookingTests {
    @Test func anOverlapIsSlotTakenNamingOnlyTheOtherTime() async throws {
        try await withTestApp { client, app in
            // given: 10:00-11:00 held until 11:15
            let world = try await StudioWorld.booking(client, app)
            _ = try await world.book(client, at: "10:00")
            // when
            let overlap = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:30"))
            // then
            #expect(overlap.status == .conflict && overlap.errorCode == "slot_taken")
            #expect(
                overlap.errorBody?.details == [
                    "resource": .string("staff"), "startsAt": .string("2026-06-02T10:00:00+01:00"), "endsAt": .string("2026-06-02T11:00:00+01:00"),
                    "heldUntil": .string("2026-06-02T11:15:00+01:00"),
                ])
            #expect(!overlap.text.contains(world.clientId) && !overlap.text.contains("Maria"))
            #expect(try await rowCount(app.database, "appointments", world.tenantId) == 1)
        }
    }

    @Test func theBreakIsHeldTooButTheEndOfTheBreakIsFree() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            _ = try await world.book(client, at: "10:00")
            // when: 11:00 falls in the 15-minute break; 11:15 is just after it; 09:00 ends (with its break) at 10:15
            let inBreak = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "11:00"))
            let after = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "11:15"))
            let beforeIntoStart = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "09:00"))
            // then
            #expect(inBreak.errorCode == "slot_taken")
            #expect(after.status == .created)
            #expect(beforeIntoStart.errorCode == "slot_taken")
        }
    }

    @Test func aRoomIsHeldAcrossStaffAndOtherStaffAreFree() async throws {
        try await withTestApp { client, app in
            // given: Anna in Room 1 at 10:00
            let world = try await StudioWorld.booking(client, app)
            let boris = try await world.addStaff("Boris", performs: [world.serviceId])
            _ = try await world.book(client, at: "10:00", roomId: world.roomId)
            // when
            let sameRoom = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:30", staffId: boris, roomId: world.roomId))
            let noRoom = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:30", staffId: boris))
            // then
            #expect(sameRoom.errorCode == "slot_taken" && sameRoom.errorBody?.details?["resource"] == .string("room"))
            #expect(noRoom.status == .created)
        }
    }

    @Test func cancellingOrClosingFreesTheSlot() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let first = try await world.book(client, at: "10:00")
            // when
            _ = try await client.call(.post, "/api/v1/appointments/\(first.id)/cancel", as: .bearer(world.token))
            let again = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:00"))
            // then
            #expect(again.status == .created)
        }
    }

    /// The guarantee is the database's, not the check's: on PostgreSQL the exclusion constraint
    /// refuses an overlapping hold written behind the service's back.
    @Test func postgresRefusesAnOverlapWrittenBehindTheServicesBack() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            let repository = AppointmentsRepository(sql: app.database.sql, tenantId: world.tenantId)
            var copy = try #require(try await repository.find(AppointmentID(string: booked.id)!))
            copy.id = .random()
            copy.move(to: copy.startsAt.addingTimeInterval(30 * 60))
            // when
            var constraint: String?
            do {
                try await repository.insert(copy)
            } catch {
                constraint = ExclusionViolation.constraint(of: error)
            }
            // then
            if app.database.dialect == .postgres {
                #expect(constraint == "appointments_staff_no_overlap")
            } else {
                // SQLite has no exclusion constraints: the service's BEGIN IMMEDIATE check is the guard.
                #expect(constraint == nil)
            }
        }
    }

    @Test func fiftyConcurrentBookingsOfOneSlotMakeExactlyOne() async throws {
        try await withTestApp(.live) { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let body = world.body(at: "10:00")
            // when
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: body)
                        return (response.status, response.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            #expect(statuses.filter { $0.0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0.0 == .conflict && $0.1 == "slot_taken" }.count == 49, "\(statuses)")
            #expect(try await rowCount(app.database, "appointments", world.tenantId) == 1)
        }
    }

    @Test func aRescheduleAndANewBookingRacingForOneSlotMakeOne() async throws {
        try await withTestApp(.live) { client, app in
            let world = try await StudioWorld.booking(client, app)
            for round in 0..<5 {
                // given: an appointment on 2026-06-04 and a free target time on 2026-06-02
                let target = "\(8 + round * 2):00".leftPadded
                let moving = try await client.call(
                    .post, "/api/v1/appointments", as: .bearer(world.token),
                    body: world.body(at: target, on: "2026-06-04")
                ).decoded(AppointmentBody.self)
                // when: the move to the target and a new booking of it at once
                async let moved = client.call(
                    .post, "/api/v1/appointments/\(moving.id)/reschedule", as: .bearer(world.token),
                    body: RescheduleBody(startsAt: StudioWorld.tomorrow(at: target)))
                async let booked = client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: target))
                let results = try await [moved, booked]
                // then: one wins, the other is slot_taken, and one appointment holds the target
                #expect(results.filter { $0.status == .ok || $0.status == .created }.count == 1, "round \(round)")
                #expect(results.filter { $0.errorCode == "slot_taken" }.count == 1, "round \(round)")
                let day = try await client.call(
                    .get, "/api/v1/appointments?filter[from]=2026-06-02T00:00:00&filter[to]=2026-06-03T00:00:00&filter[status]=pending",
                    as: .bearer(world.token)
                ).decoded(SchedulingPage<AppointmentBody>.self)
                #expect(day.items.filter { $0.startsAt.hasPrefix("2026-06-02T\(target)") }.count == 1, "round \(round)")
            }
        }
    }
}

extension String {
    /// `9:00` → `09:00`.
    var leftPadded: String { count == 4 ? "0" + self : self }
}
