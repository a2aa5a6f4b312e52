import CRMCore
import Foundation
import HummingbirdTesting
import Plans
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct RemindersTests {
    /// A studio in Europe/London whose client has a phone, with the clock in October 2026.
    static func world(_ client: some TestClientProtocol, _ app: TestApp, phone: Bool = true) async throws -> StudioWorld {
        app.clock.set(isoDate("2026-10-20T08:00:00Z"))
        let world = try await StudioWorld.booking(client, app)
        if phone {
            let patched = try await client.call(
                .patch, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token), json: #"{"phone":"+447700900123"}"#)
            #expect(patched.status == .ok)
        }
        return world
    }

    static func book(_ client: some TestClientProtocol, _ world: StudioWorld, at local: String) async throws -> AppointmentBody {
        let response = try await client.call(
            .post, "/api/v1/appointments", as: .bearer(world.token),
            body: NewAppointment(clientId: world.clientId, serviceId: world.serviceId, staffId: world.staffId, startsAt: local))
        guard response.status == .created else { throw SchedulingTestFailure("booking: \(response.status.code) \(response.text)") }
        return try response.decoded(AppointmentBody.self)
    }

    @Test func confirmingPlansTwoRemindersAtTheRightInstantsAcrossTheLondonChangeover() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given: Sunday 2026-10-25 12:00 in London is GMT (12:00Z); the day before was BST
            let world = try await Self.world(client, app)
            let appointment = try await Self.book(client, world, at: "2026-10-25T12:00:00")
            #expect(appointment.startsAt == "2026-10-25T12:00:00+00:00")
            // when
            let confirmed = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // then: 24 real hours before is 2026-10-24 12:00Z (13:00 BST), 3 hours before is 09:00Z
            #expect(confirmed.status == .ok)
            let planned = try await jobs(app.database, world.tenantId, kind: "reminder.send")
            #expect(planned.map(\.runAt) == [isoDate("2026-10-24T12:00:00Z"), isoDate("2026-10-25T09:00:00Z")])
            let rows = try await reminders(app.database, world.tenantId)
            #expect(rows.map(\.offsetMinutes) == [1440, 180])
            #expect(rows.allSatisfy { $0.status == "scheduled" })

            // when the first one is due: a message goes out with the appointment in London time
            app.clock.set(isoDate("2026-10-24T12:00:00Z"))
            try await runDueJobs(app)
            // then
            #expect(sms.sent.count == 1)
            #expect(sms.sent.first?.recipient == .phone("+447700900123"))
            #expect(sms.sent.first?.text.contains("25 October, 12:00") == true)
            #expect(sms.sent.first?.text.contains("Cut") == true)
            let messages = try await client.call(.get, "/api/v1/messages", as: .bearer(world.token)).decoded(MessagePage.self)
            #expect(messages.items.map(\.status) == ["sent"])
            #expect(messages.items.first?.templateKey == "appointment.reminder")
        }
    }

    @Test func rescheduleMovesTheRemindersAndCancelRemovesThem() async throws {
        try await withTestApp(senders: ScriptedSenders(ScriptedSender(provider: "smsaero", channel: .sms))) { client, app in
            // given a confirmed appointment on 2026-10-28 at 15:00 (GMT)
            let world = try await Self.world(client, app)
            let appointment = try await Self.book(client, world, at: "2026-10-28T15:00:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // when it moves to 2026-10-29 11:00
            let moved = try await client.call(
                .post, "/api/v1/appointments/\(appointment.id)/reschedule", as: .bearer(world.token), body: RescheduleBody(startsAt: "2026-10-29T11:00:00"))
            // then the old jobs are gone and new ones wait at the new instants
            #expect(moved.status == .ok)
            let afterMove = try await jobs(app.database, world.tenantId, kind: "reminder.send")
            #expect(afterMove.map(\.runAt) == [isoDate("2026-10-28T11:00:00Z"), isoDate("2026-10-29T08:00:00Z")])
            let rows = try await reminders(app.database, world.tenantId)
            #expect(
                rows.filter { $0.status == "cancelled" }.map(\.dueAt).sorted() == [isoDate("2026-10-27T15:00:00Z"), isoDate("2026-10-28T12:00:00Z")])
            #expect(
                rows.filter { $0.status == "scheduled" }.map(\.dueAt).sorted() == [isoDate("2026-10-28T11:00:00Z"), isoDate("2026-10-29T08:00:00Z")])
            // when it is cancelled
            let cancelled = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/cancel", as: .bearer(world.token))
            // then no reminder job is left and every reminder is cancelled
            #expect(cancelled.status == .ok)
            #expect(try await jobs(app.database, world.tenantId, kind: "reminder.send").isEmpty)
            #expect(try await reminders(app.database, world.tenantId).allSatisfy { $0.status == "cancelled" })
        }
    }

    @Test func aReminderAlreadyDueAtConfirmationIsSkippedNotSentLate() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given an appointment 10 hours ahead (18:00 BST = 17:00Z): T-24 h has passed, T-3 h has not
            let world = try await Self.world(client, app)
            let appointment = try await Self.book(client, world, at: "2026-10-20T18:00:00")
            // when
            _ = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // then
            let rows = try await reminders(app.database, world.tenantId)
            #expect(rows.map(\.status) == ["skipped", "scheduled"])
            #expect(rows.first?.detail == "already_due_when_confirmed")
            #expect(try await jobs(app.database, world.tenantId, kind: "reminder.send").map(\.runAt) == [isoDate("2026-10-20T14:00:00Z")])
            #expect(try await runDueJobs(app) == 0)
            #expect(sms.sent.isEmpty)
        }
    }

    @Test func withoutTheAutoRemindersFeatureNothingIsPlanned() async throws {
        try await withTestApp(senders: ScriptedSenders(ScriptedSender(provider: "smsaero", channel: .sms))) { client, app in
            // given a studio on ivory
            let world = try await Self.world(client, app)
            try await Fixtures.setPlan(in: app.database, tenant: world.tenant, .ivory)
            let appointment = try await Self.book(client, world, at: "2026-10-28T15:00:00")
            // when
            let confirmed = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // then
            #expect(confirmed.status == .ok)
            #expect(try await reminders(app.database, world.tenantId).isEmpty)
        }
    }

    @Test func aReminderThatQuietHoursWouldHoldPastTheStartIsSkipped() async throws {
        let sms = ScriptedSender(provider: "smsaero", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given quiet hours 21:00–09:00 (the default) and a 09:00 appointment: T-3 h is 06:00, inside them
            let world = try await Self.world(client, app)
            let appointment = try await Self.book(client, world, at: "2026-10-28T09:00:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // when T-24 h (09:00, the end of quiet hours) and then T-3 h come
            app.clock.set(isoDate("2026-10-27T09:00:00Z"))
            try await runDueJobs(app)
            app.clock.set(isoDate("2026-10-28T06:00:00Z"))
            try await runDueJobs(app)
            // then the 24 h reminder went out and the 3 h one is skipped
            #expect(sms.sent.count == 1)
            let rows = try await reminders(app.database, world.tenantId)
            #expect(rows.map(\.status) == ["queued", "skipped"])
            #expect(rows.last?.detail == "quiet_hours_until_start")
        }
    }

    @Test func aReminderThatFailsOnEveryChannelOpensAnException() async throws {
        let telegram = ScriptedSender(provider: "telegram", channel: .telegram, script: [.fail(.blocked)])
        let sms = ScriptedSender(provider: "smsaero", channel: .sms, script: [.fail(.badRecipient)])
        try await withTestApp(senders: ScriptedSenders(telegram, sms)) { client, app in
            // given a client reachable on telegram and sms, both refusing
            let world = try await Self.world(client, app)
            try await app.database.sql.raw("UPDATE clients SET telegram_chat_id = '4242' WHERE id = \(bind: UUID(uuidString: world.clientId)!)").run()
            let appointment = try await Self.book(client, world, at: "2026-10-28T15:00:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(appointment.id)/confirm", as: .bearer(world.token))
            // when the 24 h reminder is due
            app.clock.set(isoDate("2026-10-27T15:00:00Z"))
            try await runDueJobs(app)
            // then telegram was tried, then sms, and the operator has an exception
            #expect(telegram.sent.count == 1)
            #expect(sms.sent.count == 1)
            let messages = try await client.call(.get, "/api/v1/messages", as: .bearer(world.token)).decoded(MessagePage.self)
            #expect(Set(messages.items.map(\.channel)) == ["telegram", "sms"])
            #expect(messages.items.allSatisfy { $0.status == "failed" })
            #expect(try await reminders(app.database, world.tenantId).first?.status == "failed")
            struct Row: Decodable {
                let kind: String
                let entityId: String
                let status: String
            }
            let exceptions = try await app.database.sql.raw(
                "SELECT kind, entity_id, status FROM exceptions WHERE tenant_id = \(bind: world.tenantId)"
            )
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(exceptions.map(\.kind) == ["reminder_failed"])
            #expect(exceptions.first?.entityId == appointment.id)
            #expect(try await auditActions(app.database, world.tenantId).contains("exception.opened"))
        }
    }
}
