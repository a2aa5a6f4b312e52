import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

struct DepositAppointment: Decodable, Sendable {
    let id: String
    let status: String
    let depositAmount: String?
    let depositStatus: String
    let paymentStatus: String
    let depositPayUrl: String?
}

/// SPEC §3/§6 deposits: a booking the policy asks a deposit of waits in `deposit_required` with a
/// payment link; a paid deposit confirms it, an unpaid one expires it.
@Suite struct DepositTests {
    /// A booking world (imperium, service 2500.00) whose policy asks everyone for 30 %.
    static func world(_ client: some TestClientProtocol, _ app: TestApp) async throws -> StudioWorld {
        let world = try await StudioWorld.booking(client, app)
        let policy = try await client.call(
            .put, "/api/v1/settings/deposit", as: .bearer(world.token), json: #"{"policy":"all","kind":"percent","percent":30}"#)
        #expect(policy.status == .ok)
        return world
    }

    static func book(_ client: some TestClientProtocol, _ world: StudioWorld, at time: String = "10:00") async throws -> DepositAppointment {
        let response = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: time))
        guard response.status == .created else { throw PaymentTestFailure("booking: \(response.status.code) \(response.text)") }
        return try response.decoded(DepositAppointment.self)
    }

    static func deposit(_ client: some TestClientProtocol, _ world: StudioWorld, of appointment: String) async throws -> PaymentBody {
        let page = try await client.call(.get, "/api/v1/payments?filter[appointmentId]=\(appointment)", as: .bearer(world.token))
            .decoded(PaymentPage.self)
        return try #require(page.items.first { $0.kind == "deposit" })
    }

    static func appointment(_ client: some TestClientProtocol, _ world: StudioWorld, _ id: String) async throws -> DepositAppointment {
        try await client.call(.get, "/api/v1/appointments/\(id)", as: .bearer(world.token)).decoded(DepositAppointment.self)
    }

    /// Pays the booking's deposit at YooKassa and delivers the notification.
    static func payDeposit(_ client: some TestClientProtocol, _ world: StudioWorld, _ yookassa: FakeYooKassa, of id: String) async throws {
        let deposit = try await deposit(client, world, of: id)
        let providerId = try #require(deposit.providerPaymentId)
        yookassa.pay(providerId)
        let ack = try await client.call(
            .post, "/api/v1/payments/yookassa/webhook/\(world.tenant.slug)",
            json: #"{"type":"notification","event":"payment.succeeded","object":{"id":"\#(providerId)"}}"#)
        #expect(ack.status == .ok)
    }

    @Test func aBookingWaitsForItsDepositAndIsConfirmedWhenItIsPaid() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await Self.world(client, app)
            // when
            let booked = try await Self.book(client, world)
            // then: waiting, with 30 % of 2500.00 to pay and the payer's link
            #expect(booked.status == "deposit_required" && booked.depositStatus == "required" && booked.depositAmount == "750.00")
            #expect(booked.depositPayUrl?.contains("/pay/") == true)
            // when: the start job submits the deposit to YooKassa
            try await runDueJobs(app)
            #expect(yookassa.createCalls.count == 1)
            let deposit = try await Self.deposit(client, world, of: booked.id)
            #expect(deposit.amount == "750.00" && deposit.status == "pending")
            // when: paid
            try await Self.payDeposit(client, world, yookassa, of: booked.id)
            // then: confirmed, and its reminders planned like any confirmation
            let after = try await Self.appointment(client, world, booked.id)
            #expect(after.status == "confirmed" && after.depositStatus == "paid" && after.depositPayUrl == nil)
            #expect(try await reminders(app.database, world.tenantId).count == 2)
            // when: the invoice is made from the appointment, the deposit counts towards it
            let invoice = try await client.call(.post, "/api/v1/invoices", as: .bearer(world.token), json: #"{"appointmentId":"\#(booked.id)"}"#)
            #expect(invoice.status == .created)
            let money = try invoice.decoded(InvoiceMoney.self)
            #expect(money.status == "partially_paid" && money.paid == "750.00" && money.balance == "1750.00")
            #expect(money.payments.map(\.kind) == ["deposit"])
            #expect(try await Self.appointment(client, world, booked.id).paymentStatus == "unpaid")
            // when: the rest is paid online, the appointment is paid too
            let rest = try await client.execute(
                uri: "/api/v1/payments", method: .post,
                headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: "rest"],
                body: .init(string: #"{"invoiceId":"\#(money.id)"}"#))
            let restPayment = try rest.decoded(PaymentBody.self)
            #expect(restPayment.amount == "1750.00")
            yookassa.pay(try #require(restPayment.providerPaymentId))
            _ = try await client.call(
                .post, "/api/v1/payments/yookassa/webhook/\(world.tenant.slug)",
                json: #"{"type":"notification","event":"payment.succeeded","object":{"id":"\#(restPayment.providerPaymentId!)"}}"#)
            #expect(try await Self.appointment(client, world, booked.id).paymentStatus == "paid")
        }
    }

    @Test func anUnpaidDepositExpiresTheBookingAndItsLink() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await Self.world(client, app)
            let booked = try await Self.book(client, world)
            try await runDueJobs(app)
            // when: 29 minutes, then 31
            app.clock.advance(by: 29 * 60)
            try await runDueJobs(app)
            #expect(try await Self.appointment(client, world, booked.id).status == "deposit_required")
            app.clock.advance(by: 2 * 60)
            try await runDueJobs(app)
            // then: expired, its time free again, its link gone
            let after = try await Self.appointment(client, world, booked.id)
            #expect(after.status == "expired" && after.depositStatus == "required")
            let deposit = try await Self.deposit(client, world, of: booked.id)
            let link = try await client.call(.get, try #require(deposit.payPath))
            #expect(link.status == .gone && link.errorCode == "payment_expired")
            let again = try await client.call(.post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:00"))
            #expect(again.status == .created)
            // when the payer pays after all, the money is recorded and the operator told
            try await Self.payDeposit(client, world, yookassa, of: booked.id)
            #expect(try await exceptions(app.database, world.tenantId).map(\.kind) == ["deposit_after_close"])
        }
    }

    @Test func cancellingAPaidBookingRefundsTheDepositMinusTheFee() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: a 500.00 fee inside 48 hours, a paid 750.00 deposit
            let world = try await Self.world(client, app)
            let fee = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"windowHours":48,"feeKind":"fixed","feeAmount":"500.00"}"#)
            #expect(fee.status == .ok)
            let booked = try await Self.book(client, world)
            try await runDueJobs(app)
            try await Self.payDeposit(client, world, yookassa, of: booked.id)
            // when
            let cancelled = try await client.call(.post, "/api/v1/appointments/\(booked.id)/cancel", as: .bearer(world.token))
            #expect(cancelled.status == .ok)
            try await runDueJobs(app)
            // then: 250.00 back at YooKassa, 500.00 kept
            let refunds = yookassa.requests.filter { $0.path == "/v3/refunds" }
            #expect(refunds.count == 1)
            #expect((try refunds.first?.jsonBody()["amount"] as? [String: String]) == ["value": "250.00", "currency": "RUB"])
            let deposit = try await Self.deposit(client, world, of: booked.id)
            #expect(deposit.refunded == "250.00" && deposit.refundable == "500.00")
            #expect(try await Self.appointment(client, world, booked.id).depositStatus == "paid")
        }
    }

    @Test func aPlanWithoutDepositsBooksAsBefore() async throws {
        try await withPayments { client, app, yookassa, _ in
            let world = try await Self.world(client, app)
            try await Fixtures.setPlan(in: app.database, tenant: world.tenant, .ivory)
            let booked = try await Self.book(client, world)
            #expect(booked.status == "pending" && booked.depositStatus == "none" && booked.depositAmount == nil)
            try await runDueJobs(app)
            #expect(yookassa.createCalls.isEmpty)
        }
    }

    @Test func theServicesOwnRuleWinsOverThePolicy() async throws {
        try await withPayments { client, app, _, _ in
            let world = try await Self.world(client, app)
            let rule = try await client.call(
                .patch, "/api/v1/services/\(world.serviceId)", as: .bearer(world.token),
                json: #"{"depositRule":{"required":true,"kind":"fixed","amount":"300.00"}}"#)
            #expect(rule.status == .ok)
            let booked = try await Self.book(client, world)
            #expect(booked.depositAmount == "300.00")
        }
    }
}
