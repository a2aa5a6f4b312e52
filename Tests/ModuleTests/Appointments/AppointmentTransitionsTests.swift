import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@Suite struct AppointmentTransitionsTests {
    /// Representative legal moves through the API (the machine's 81 pairs are `AppointmentStatusTests`).
    @Test func theLifeOfAnAppointmentThroughTheConvenienceRoutes() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let booked = try await world.book(client, at: "10:00")
            // when
            var statuses: [String] = []
            for route in ["confirm", "start", "complete"] {
                let response = try await client.call(.post, "/api/v1/appointments/\(booked.id)/\(route)", as: .bearer(world.token))
                #expect(response.status == .ok)
                statuses.append(try response.decoded(AppointmentBody.self).status)
            }
            // then
            #expect(statuses == ["confirmed", "in_progress", "completed"])
            let events = try await auditedEvents(app.database, world.tenantId, "appointment.status_changed", entityId: booked.id)
            #expect(events.count == 3)
            let moves = Set(
                events.compactMap { event -> String? in
                    guard case .string(let from) = event.payload.at("from"), case .string(let to) = event.payload.at("to") else { return nil }
                    return "\(from)>\(to)"
                })
            #expect(moves == ["pending>confirmed", "confirmed>in_progress", "in_progress>completed"])
            #expect(events.allSatisfy { $0.payload.at("staffId") == .string(world.staffId) })
            #expect(events.allSatisfy { $0.payload.at("startsAt") == .string("2026-06-02T09:00:00+00:00") })
        }
    }

    @Test func statusRouteFollowsTheMachineAndRefusesIllegalMoves() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let first = try await world.book(client, at: "10:00")
            let second = try await world.book(client, at: "12:00")
            let third = try await world.book(client, at: "14:00")
            let path = { (id: String) in "/api/v1/appointments/\(id)/status" }
            // when
            let expired = try await client.call(.post, path(first.id), as: .bearer(world.token), json: #"{"status":"expired","reason":"no deposit"}"#)
            let skip = try await client.call(.post, path(second.id), as: .bearer(world.token), json: #"{"status":"completed"}"#)
            let deposit = try await client.call(.post, path(third.id), as: .bearer(world.token), json: #"{"status":"deposit_required"}"#)
            let noShow = try await client.call(.post, "/api/v1/appointments/\(third.id)/no-show", as: .bearer(world.token))
            let afterTerminal = try await client.call(.post, "/api/v1/appointments/\(first.id)/confirm", as: .bearer(world.token))
            let missing = try await client.call(.post, path(second.id), as: .bearer(world.token), json: #"{"reason":"x"}"#)
            let unknown = try await client.call(.post, path(second.id), as: .bearer(world.token), json: #"{"status":"done"}"#)
            // then
            let expiredBody = try expired.decoded(AppointmentBody.self)
            #expect(expiredBody.status == "expired" && expiredBody.statusReason == "no deposit")
            #expect(skip.status == .conflict && skip.errorCode == "invalid_transition")
            #expect(skip.errorBody?.details == ["from": .string("pending"), "to": .string("completed")])
            #expect(try deposit.decoded(AppointmentBody.self).status == "deposit_required")
            #expect(noShow.errorBody?.details == ["from": .string("deposit_required"), "to": .string("no_show")])
            #expect(afterTerminal.errorBody?.details == ["from": .string("expired"), "to": .string("confirmed")])
            #expect(missing.errorBody?.fields == ["status": "required"])
            #expect(unknown.errorBody?.fields == ["status": "invalid"])
            let stored = try await client.call(.get, "/api/v1/appointments/\(second.id)", as: .bearer(world.token)).decoded(AppointmentBody.self)
            #expect(stored.status == "pending")
            #expect(try await auditedEvents(app.database, world.tenantId, "appointment.status_changed", entityId: second.id).isEmpty)
        }
    }

    @Test func cancellingInsideTheWindowRecordsTheFeeAndOutsideDoesNot() async throws {
        try await withTestApp { client, app in
            // given: 24-hour window, 50 % fee; now is 2026-06-01 10:00 local
            let world = try await StudioWorld.booking(client, app)
            let policy = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"windowHours":24,"feeKind":"percent","feePercent":50}"#)
            #expect(policy.status == .ok)
            let soon = try await world.book(client, at: "09:00")
            let later = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                body: world.body(at: "10:00", on: "2026-06-05")
            ).decoded(AppointmentBody.self)
            // when
            let inside = try await client.call(
                .post, "/api/v1/appointments/\(soon.id)/cancel", as: .bearer(world.token), json: #"{"reason":"client ill"}"#)
            let outside = try await client.call(.post, "/api/v1/appointments/\(later.id)/cancel", as: .bearer(world.token))
            // then
            let cancelled = try inside.decoded(AppointmentBody.self)
            #expect(cancelled.status == "cancelled" && cancelled.cancellationFee == "1250.00" && cancelled.statusReason == "client ill")
            #expect(try outside.decoded(AppointmentBody.self).cancellationFee == nil)
            let event = try #require(try await auditedWithEvent(app.database, world.tenantId, "appointment.status_changed", entityId: soon.id))
            #expect(event.payload.at("cancellationFee") == .string("1250.00") && event.payload.at("to") == .string("cancelled"))
        }
    }

    @Test func aFixedFeeNeverExceedsThePrice() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            _ = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"windowHours":48,"feeKind":"fixed","feeAmount":"5000.00"}"#)
            let booked = try await world.book(client, at: "09:00")
            // when
            let response = try await client.call(.post, "/api/v1/appointments/\(booked.id)/cancel", as: .bearer(world.token))
            // then
            #expect(try response.decoded(AppointmentBody.self).cancellationFee == "2500.00")
        }
    }
}
