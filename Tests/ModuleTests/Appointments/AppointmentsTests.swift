import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import Modules

@Suite struct AppointmentsTests {
    @Test func bookingCopiesTheServiceAndIsAuditedWithAnEvent() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            // when
            let response = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "10:00", roomId: world.roomId, notes: "first visit", source: "telegram"))
            // then
            #expect(response.status == .created)
            let booked = try response.decoded(AppointmentBody.self)
            #expect(booked.startsAt == "2026-06-02T10:00:00+01:00" && booked.endsAt == "2026-06-02T11:00:00+01:00")
            #expect(booked.holdsUntil == "2026-06-02T11:15:00+01:00")
            #expect(booked.durationMinutes == 60 && booked.breakMinutes == 15 && booked.price == "2500.00")
            #expect(booked.status == "pending" && booked.depositStatus == "none" && booked.paymentStatus == "unpaid")
            #expect(booked.nextStatuses == ["deposit_required", "confirmed", "cancelled", "expired"], "the moves the machine allows now")
            #expect(booked.source == "telegram" && booked.notes == "first visit" && booked.roomId == world.roomId)
            #expect(booked.locationId == world.defaultLocationId)
            let event = try #require(try await auditedWithEvent(app.database, world.tenantId, "appointment.created", entityId: booked.id))
            #expect(event.payload.at("staffId") == .string(world.staffId))
            #expect(event.payload.at("startsAt") == .string("2026-06-02T09:00:00+00:00"))
            let read = try await client.call(.get, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token)).decoded(AppointmentBody.self)
            #expect(read.id == booked.id && read.startsAt == booked.startsAt)
        }
    }

    @Test func startsAtWithAnOffsetAndAPriceOverride() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            // when
            let response = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                json:
                    #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)","startsAt":"2026-06-02T13:30:00Z","price":1800}"#
            )
            // then
            #expect(response.status == .created)
            let booked = try response.decoded(AppointmentBody.self)
            #expect(booked.startsAt == "2026-06-02T14:30:00+01:00" && booked.price == "1800.00" && booked.source == "manual")
        }
    }

    @Test func everyBadFieldIsNamedAtOnceAndNothingIsWritten() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let unknown = UUID().uuidString
            // when
            let first = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                json:
                    #"{"clientId":"\#(unknown)","serviceId":"nope","roomId":"\#(unknown)","startsAt":"2026-06-02T10:10:00","price":"-1","source":"fax","notes":7}"#
            )
            let second = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: NewAppointment(clientId: world.clientId, serviceId: unknown, staffId: unknown, startsAt: "2027-03-28T01:30:00"))
            let past = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "09:45", on: "2026-06-01"))
            // then
            #expect(first.status == .badRequest)
            #expect(
                first.errorBody?.fields == [
                    "clientId": "not_found", "serviceId": "invalid", "staffId": "required", "roomId": "not_found", "startsAt": "off_grid",
                    "price": "negative", "source": "invalid", "notes": "invalid_type",
                ])
            #expect(
                second.errorBody?.fields == ["serviceId": "not_found", "staffId": "not_found", "startsAt": "nonexistent_local_time"])
            #expect(past.errorBody?.fields == ["startsAt": "in_past"])
            #expect(try await rowCount(app.database, "appointments", world.tenantId) == 0)
        }
    }

    @Test func staffServiceAndRoomMustFitTogether() async throws {
        try await withTestApp { client, app in
            // given: a second service nobody performs, an inactive staff member, a room without the service
            let world = try await StudioWorld.booking(client, app)
            let other = try await world.addService(NewService(category: "Nails", name: "Manicure", basePrice: "900", durationMinutes: 45))
            let idle = try await world.addStaff("Idle", performs: [world.serviceId])
            _ = try await client.call(.patch, "/api/v1/staff/\(idle)", as: .bearer(world.token), json: #"{"active":false}"#)
            let bareRoom = try await client.call(.post, "/api/v1/rooms", as: .bearer(world.token), json: #"{"name":"Bare"}"#).decoded(RoomBody.self)
            // when
            let notPerformed = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "10:00", roomId: bareRoom.id, serviceId: other))
            let inactive = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:00", staffId: idle))
            // then
            #expect(notPerformed.errorBody?.fields == ["serviceId": "not_performed_by_staff", "roomId": "service_not_hosted"])
            #expect(inactive.errorBody?.fields == ["staffId": "inactive"])
        }
    }

    @Test func listFiltersByRangeStaffClientAndStatusInStartOrder() async throws {
        try await withTestApp { client, app in
            // given: three bookings tomorrow, a fourth of another staff member the day after
            let world = try await StudioWorld.booking(client, app)
            let second = try await world.addStaff("Boris", performs: [world.serviceId])
            let late = try await world.book(client, at: "15:00")
            let early = try await world.book(client, at: "09:00")
            let noon = try await world.book(client, at: "12:00")
            let other = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "10:00", on: "2026-06-03", staffId: second)
            ).decoded(AppointmentBody.self)
            _ = try await client.call(.post, "/api/v1/appointments/\(noon.id)/confirm", as: .bearer(world.token))
            func ids(_ query: String) async throws -> [String] {
                try await client.call(.get, "/api/v1/appointments?\(query)", as: .bearer(world.token)).decoded(SchedulingPage<AppointmentBody>.self)
                    .items.map(\.id)
            }
            // when / then: sorted by start; a range keeps what overlaps it
            #expect(try await ids("") == [early.id, noon.id, late.id, other.id])
            #expect(try await ids("filter[from]=2026-06-02T09:30:00&filter[to]=2026-06-02T12:00:00") == [early.id])
            #expect(try await ids("filter[from]=2026-06-02T09:30:00&filter[to]=2026-06-02T12:15:00") == [early.id, noon.id])
            #expect(try await ids("filter[staffId]=\(second)") == [other.id])
            #expect(try await ids("filter[status]=confirmed") == [noon.id])
            #expect(try await ids("filter[status][in]=pending,cancelled&filter[clientId]=\(world.clientId)") == [early.id, late.id, other.id])
            let firstPage = try await client.call(.get, "/api/v1/appointments?limit=3", as: .bearer(world.token))
                .decoded(SchedulingPage<AppointmentBody>.self)
            let cursor = try #require(firstPage.nextCursor)
            #expect(try await ids("limit=3&cursor=\(cursor)") == [other.id])
            let bad = try await client.call(.get, "/api/v1/appointments?filter[from]=yesterday", as: .bearer(world.token))
            #expect(bad.errorBody?.fields == ["filter[from]": "invalid_datetime"])
        }
    }

    @Test func patchChangesNotesAndPriceOnly() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            // when
            let response = try await client.call(
                .patch, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token),
                json: #"{"notes":"bring photos","price":"2000.50","startsAt":"2026-06-02T16:00:00","status":"confirmed"}"#)
            let bad = try await client.call(.patch, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token), json: #"{"price":"x"}"#)
            // then
            let updated = try response.decoded(AppointmentBody.self)
            #expect(updated.notes == "bring photos" && updated.price == "2000.50")
            #expect(updated.startsAt == booked.startsAt && updated.status == "pending")
            #expect(bad.status == .badRequest && bad.errorBody?.fields?["price"] != nil)
            let event = try #require(try await auditedWithEvent(app.database, world.tenantId, "appointment.updated", entityId: booked.id))
            #expect(event.payload.at("changed") != nil)
        }
    }
}

@Suite struct AppointmentEdgeTests {
    @Test func anAmbiguousLocalTimeIsItsFirstOccurrence() async throws {
        try await withTestApp { client, app in
            // given: London falls back on 2026-10-25 at 02:00 BST, so 01:30 happens twice
            let world = try await StudioWorld.booking(client, app)
            // when
            let response = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "01:30", on: "2026-10-25"))
            // then: the first 01:30 (BST); the service's hour ends at 01:30 GMT
            let booked = try response.decoded(AppointmentBody.self)
            #expect(booked.startsAt == "2026-10-25T01:30:00+01:00" && booked.endsAt == "2026-10-25T01:30:00+00:00")
        }
    }

    @Test func anArchivedClientCannotBeBookedAndAClosedPriceIsLocked() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            for route in ["confirm", "start", "complete"] {
                _ = try await client.call(.post, "/api/v1/appointments/\(booked.id)/\(route)", as: .bearer(world.token))
            }
            let archived = try await client.createClient(NewClient(name: "Gone Client"), token: world.token)
            _ = try await client.call(.post, "/api/v1/clients/\(archived.id)/archive", as: .bearer(world.token))
            // when
            let archivedBooking = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "14:00", clientId: archived.id))
            let lockedPrice = try await client.call(.patch, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token), json: #"{"price":"1.00"}"#)
            let notes = try await client.call(.patch, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token), json: #"{"notes":"went well"}"#)
            // then
            #expect(archivedBooking.errorBody?.fields == ["clientId": "archived"])
            #expect(lockedPrice.errorBody?.fields == ["price": "locked"])
            #expect(try notes.decoded(AppointmentBody.self).notes == "went well")
        }
    }

    @Test func holdsListsTheTimeHeldForTheSlotEngine() async throws {
        try await withTestApp { client, app in
            // given: two bookings and a cancelled one
            let world = try await StudioWorld.booking(client, app)
            let first = try await world.book(client, at: "10:00")
            let cancelled = try await world.book(client, at: "12:00")
            let late = try await world.book(client, at: "15:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(cancelled.id)/cancel", as: .bearer(world.token))
            let source = AppointmentsTimeHolds(database: app.database)
            // when: 11:00-15:00 local (10:00Z-14:00Z) touches the first booking's break only
            let day = DateInterval(start: testNow.addingTimeInterval(25 * 3600), end: testNow.addingTimeInterval(29 * 3600))
            let holds = try await source.holds(tenant: world.tenantId, staffIds: [StaffID(string: world.staffId)!], roomIds: [], in: day)
            // then: the first booking (10:00-11:00 and its break), not the cancelled or the 15:00 one
            #expect(holds.count == 1)
            #expect(holds.first?.start == testNow.addingTimeInterval(24 * 3600))
            #expect(holds.first?.breakStart == testNow.addingTimeInterval(25 * 3600))
            #expect(holds.first?.end == testNow.addingTimeInterval(25 * 3600 + 15 * 60))
            _ = (first, late)
        }
    }
}
