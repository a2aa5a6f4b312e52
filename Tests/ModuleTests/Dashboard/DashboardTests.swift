import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Testing
import TestSupport

/// `GET /dashboard`: one request for the home screen, in the studio's zone, within what the
/// caller may see, and nothing of another studio.
@Suite struct DashboardTests {
    struct Dashboard: Decodable {
        struct Item: Decodable { let id: String; let clientName: String; let serviceName: String; let startsAt: String }
        struct Column: Decodable { let staffId: String; let name: String; let appointments: [Item] }
        struct Day: Decodable { let date: String; let staff: [Column] }
        struct Figures: Decodable { let revenue: String?; let appointments: Int; let bookedHours: Double }
        struct Week: Decodable { let from: String; let to: String; let current: Figures; let previous: Figures }
        struct Birthday: Decodable { let name: String; let date: String; let inDays: Int }
        struct Attention: Decodable { let openExceptions: Int?; let manualPaymentsAwaitingApproval: Int? }
        let date: String
        let days: [Day]
        let week: Week
        let birthdays: [Birthday]
        let attention: Attention?
    }

    @Test func todayTomorrowTheWeekBirthdaysAndWhatWaitsForTheOperator() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: Monday 2026-06-01 10:00 in London; 1000.00 paid online this week
            let world = try await StudioWorld.booking(client, app).withInvoice(total: "1000.00")
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            let providerId = try #require(payment.providerPaymentId)
            yookassa.pay(providerId)
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // an appointment today at 14:00 and one tomorrow at 10:00 (60 minutes each)
            let today = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "14:00", on: "2026-06-01"))
                .decoded(AppointmentBody.self)
            let tomorrow = try await world.book(client, at: "10:00")
            // a birthday in three days, and an exception waiting
            _ = try await client.call(.patch, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token), json: #"{"birthday":"1990-06-04"}"#)
            _ = try await OperatorExceptions.open(
                kind: "reminder_undeliverable", severity: .high, entityType: "appointment", entityId: tomorrow.id, title: "Reminder not sent",
                details: .object([:]), tenant: world.tenantId, now: app.clock.now(), on: app.database.sql)
            // when
            let answer = try await client.call(.get, "/api/v1/dashboard", as: .bearer(world.token))
            #expect(answer.status == .ok, "\(answer.text)")
            let board = try answer.decoded(Dashboard.self)
            // then
            #expect(board.date == "2026-06-01")
            #expect(board.days.map(\.date) == ["2026-06-01", "2026-06-02"])
            #expect(board.days[0].staff.first { $0.staffId == world.staffId }?.appointments.map(\.id) == [today.id])
            #expect(board.days[1].staff.first { $0.staffId == world.staffId }?.appointments.map(\.id) == [tomorrow.id])
            #expect(board.days[0].staff.first?.appointments.first?.startsAt == "2026-06-01T14:00:00+01:00")
            #expect(board.week.from == "2026-06-01" && board.week.to == "2026-06-07")
            #expect(board.week.current.revenue == "1000.00")
            #expect(board.week.current.appointments == 2 && board.week.current.bookedHours == 2)
            #expect(board.week.previous.revenue == "0.00" && board.week.previous.appointments == 0)
            #expect(board.birthdays.map(\.inDays) == [3])
            #expect(board.attention?.openExceptions == 1)
            #expect(board.attention?.manualPaymentsAwaitingApproval == 0)

            // a receptionist sees the days but not the money
            let desk = try await client.call(.get, "/api/v1/dashboard", as: .bearer(try await world.member(.receptionist).token))
                .decoded(Dashboard.self)
            #expect(desk.days[1].staff.flatMap(\.appointments).map(\.id) == [tomorrow.id])
            #expect(desk.week.current.revenue == nil)
            #expect(desk.attention?.manualPaymentsAwaitingApproval == nil)
            // a specialist with no staff record of their own sees nobody's appointments
            let specialist = try await client.call(.get, "/api/v1/dashboard", as: .bearer(try await world.member(.specialist).token))
                .decoded(Dashboard.self)
            #expect(specialist.days.allSatisfy { $0.staff.isEmpty })
            // another studio sees nothing of this one
            let other = try await StudioWorld.studio(client, app)
            let theirs = try await client.call(.get, "/api/v1/dashboard", as: .bearer(other.token)).decoded(Dashboard.self)
            #expect(theirs.days.allSatisfy { $0.staff.flatMap(\.appointments).isEmpty })
            #expect(theirs.week.current.revenue == "0.00" && theirs.week.current.appointments == 0)
            #expect(theirs.birthdays.isEmpty && theirs.attention?.openExceptions == 0)
            // a day can be asked for; a bad one is refused
            let sunday = try await client.call(.get, "/api/v1/dashboard?date=2026-06-07", as: .bearer(world.token)).decoded(Dashboard.self)
            #expect(sunday.week.from == "2026-06-01" && sunday.days.map(\.date) == ["2026-06-07", "2026-06-08"])
            let bad = try await client.call(.get, "/api/v1/dashboard?date=07.06.2026", as: .bearer(world.token))
            #expect(bad.errorBody?.fields == ["date": "invalid"])
        }
    }
}
