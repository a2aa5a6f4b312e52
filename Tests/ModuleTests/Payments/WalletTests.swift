import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import Modules

/// Client wallets (seed 004): a balance per client, every change a ledger row; topped up by any
/// payment method, spent on invoices and deposits, refunded into; never below zero.
@Suite struct WalletTests {
    struct Wallet: Decodable, Equatable {
        let balance: String
        let currency: String
    }

    struct Entry: Decodable {
        let kind: String
        let amount: String
        let balanceAfter: String
        let paymentId: String?
        let invoiceId: String?
        let appointmentId: String?
    }

    struct Entries: Decodable { let items: [Entry] }

    static func wallet(_ client: some TestClientProtocol, _ world: StudioWorld, of clientId: String? = nil) async throws -> Wallet {
        try await client.call(.get, "/api/v1/clients/\(clientId ?? world.clientId)/wallet", as: .bearer(world.token)).decoded(Wallet.self)
    }

    static func entries(_ client: some TestClientProtocol, _ world: StudioWorld) async throws -> [Entry] {
        try await client.call(.get, "/api/v1/clients/\(world.clientId)/wallet/entries", as: .bearer(world.token)).decoded(Entries.self).items
    }

    /// `POST /payments/wallet` with an idempotency key.
    static func payFromWallet(_ client: some TestClientProtocol, _ world: StudioWorld, json: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/payments/wallet", method: .post,
            headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: UUID().uuidString],
            body: ByteBuffer(string: json))
    }

    /// A manual top-up of `amount` recorded by a finance user and approved by the owner.
    static func topUpByHand(_ client: some TestClientProtocol, _ app: TestApp, _ world: StudioWorld, amount: String) async throws -> PaymentBody {
        let finance = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .finance)
        let financeToken = try await Fixtures.bearer(in: app.database, for: finance)
        let recorded = try await ManualPaymentTests.record(
            client, token: financeToken, fields: [("clientId", world.clientId), ("amount", amount), ("comment", "Cash for the wallet")])
        try #require(recorded.status == .created, "\(recorded.text)")
        let payment = try recorded.decoded(PaymentBody.self)
        let approved = try await client.call(.post, "/api/v1/payments/\(payment.id)/approve", as: .bearer(world.token))
        try #require(approved.status == .ok, "\(approved.text)")
        return try approved.decoded(PaymentBody.self)
    }

    @Test func aTopUpByHandPaysAnInvoiceAndARefundGoesBackToTheWallet() async throws {
        try await withPayments { client, app, _, _ in
            // given: an issued invoice of 1000.00 and an empty wallet
            let world = try await StudioWorld.payment(client, app)
            #expect(try await Self.wallet(client, world) == Wallet(balance: "0.00", currency: "RUB"))
            // when: 1500.00 is put on the wallet by hand (counts only once approved)
            let topUp = try await Self.topUpByHand(client, app, world, amount: "1500.00")
            // then
            #expect(topUp.kind == "top_up" && topUp.status == "succeeded")
            #expect(try await Self.wallet(client, world).balance == "1500.00")
            // when: the invoice is paid from the wallet
            let paid = try await Self.payFromWallet(client, world, json: #"{"invoiceId":"\#(world.invoiceId)"}"#)
            // then: a succeeded wallet payment, the invoice paid, 500.00 left
            #expect(paid.status == .created, "\(paid.text)")
            let payment = try paid.decoded(PaymentBody.self)
            #expect(payment.provider == "wallet" && payment.status == "succeeded" && payment.kind == "full")
            #expect(try await world.invoice(client).status == "paid")
            #expect(try await Self.wallet(client, world).balance == "500.00")
            // and the client spent 1000.00, not the top-up as well
            struct Figures: Decodable { let totalSpent: String }
            #expect(try await client.call(.get, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token)).decoded(Figures.self).totalSpent == "1000.00")
            // when: 300.00 of it is refunded: it goes back onto the wallet at once
            let refund = try await world.refund(client, payment.id, amount: "300.00")
            #expect(refund.status == .created, "\(refund.text)")
            let refunded = try refund.decoded(PaymentBody.self)
            #expect(refunded.provider == "wallet" && refunded.status == "succeeded")
            #expect(try await Self.wallet(client, world).balance == "800.00")
            #expect(try await world.invoice(client).refunded == "300.00")
            // then: every change is a ledger row with the balance after it, newest first
            let entries = try await Self.entries(client, world)
            #expect(entries.map(\.kind) == ["refund", "payment", "top_up"])
            #expect(entries.map(\.amount) == ["300.00", "-1000.00", "1500.00"])
            #expect(entries.map(\.balanceAfter) == ["800.00", "500.00", "1500.00"])
            #expect(entries[1].invoiceId == world.invoiceId && entries[1].paymentId == payment.id)
            #expect(try await auditCount(app.database, world.tenantId, action: "wallet.changed") == 3)
        }
    }

    @Test func anOnlineTopUpCountsWhenPaidAndItsRefundTakesItOffTheWallet() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            let created = try await client.execute(
                uri: "/api/v1/payments", method: .post,
                headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: UUID().uuidString],
                body: ByteBuffer(string: #"{"clientId":"\#(world.clientId)","amount":"700.00"}"#))
            #expect(created.status == .created, "\(created.text)")
            let topUp = try created.decoded(PaymentBody.self)
            #expect(topUp.kind == "top_up" && topUp.status == "pending" && topUp.payUrl != nil)
            #expect(try await Self.wallet(client, world).balance == "0.00", "nothing before the money arrives")
            // when: the payer pays
            let providerId = try #require(topUp.providerPaymentId)
            yookassa.pay(providerId)
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then
            #expect(try await Self.wallet(client, world).balance == "700.00")
            // when: 500.00 is spent, the whole top-up cannot go back any more
            let spent = try await Self.payFromWallet(client, world, json: #"{"invoiceId":"\#(world.invoiceId)","amount":"500.00"}"#)
            #expect(spent.status == .created, "\(spent.text)")
            let tooMuch = try await world.refund(client, topUp.id)
            #expect(tooMuch.status == .conflict && tooMuch.errorCode == "wallet_insufficient")
            #expect(try await Self.wallet(client, world).balance == "200.00")
            // but what is left can: it leaves the wallet when asked
            let back = try await world.refund(client, topUp.id, amount: "200.00")
            #expect(back.status == .created, "\(back.text)")
            #expect(try await Self.wallet(client, world).balance == "0.00")
            // and a top-up cannot be refunded onto the wallet
            let onto = try await client.execute(
                uri: "/api/v1/payments/\(topUp.id)/refunds", method: .post,
                headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: UUID().uuidString],
                body: ByteBuffer(string: #"{"amount":"1.00","toWallet":true}"#))
            #expect(onto.status == .conflict)
        }
    }

    @Test func aCardPaymentRefundedToTheWalletNeverReachesTheProvider() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: 1000.00 paid online
            let (world, payment) = try await RefundTests.paid(client, app, yookassa)
            // when
            let refund = try await client.execute(
                uri: "/api/v1/payments/\(payment.id)/refunds", method: .post,
                headers: [.authorization: "Bearer \(world.token)", .contentType: "application/json", .idempotencyKey: UUID().uuidString],
                body: ByteBuffer(string: #"{"amount":"400.00","toWallet":true}"#))
            // then
            #expect(refund.status == .created, "\(refund.text)")
            let body = try refund.decoded(PaymentBody.self)
            #expect(body.provider == "wallet" && body.status == "succeeded" && body.parentId == payment.id)
            #expect(yookassa.requests.filter { $0.path == "/v3/refunds" }.isEmpty && yookassa.state.withLock { $0.refunds.isEmpty })
            #expect(try await Self.wallet(client, world).balance == "400.00")
            let invoice = try await world.invoice(client)
            #expect(invoice.refunded == "400.00")
        }
    }

    @Test func aDepositIsPaidFromTheWalletAndConfirmsTheBooking() async throws {
        try await withPayments { client, app, _, _ in
            // given: everyone pays a 30 % deposit (750.00 of 2500.00), the client has 1000.00
            let world = try await DepositTests.world(client, app)
            _ = try await Self.topUpByHand(client, app, world, amount: "1000.00")
            let booked = try await DepositTests.book(client, world)
            #expect(booked.status == "deposit_required" && booked.depositAmount == "750.00")
            // when
            let paid = try await Self.payFromWallet(client, world, json: #"{"appointmentId":"\#(booked.id)"}"#)
            // then
            #expect(paid.status == .created, "\(paid.text)")
            let appointment = try await DepositTests.appointment(client, world, booked.id)
            #expect(appointment.status == "confirmed" && appointment.depositStatus == "paid")
            #expect(try await Self.wallet(client, world).balance == "250.00")
            // and paying it again is refused without touching the wallet
            let again = try await Self.payFromWallet(client, world, json: #"{"appointmentId":"\#(booked.id)"}"#)
            #expect(again.status == .conflict && again.errorCode == "deposit_not_required")
            #expect(try await Self.wallet(client, world).balance == "250.00")
        }
    }

    @Test func racingPaymentsNeverTakeTheWalletBelowZero() async throws {
        try await withTestApp(.live) { client, app in
            // given: 1000.00 on the wallet and an invoice of 5000.00
            let world = try await StudioWorld.payment(client, app, total: "5000.00")
            _ = try await Self.topUpByHand(client, app, world, amount: "1000.00")
            // when: ten payments of 300.00 at once
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        let response = try await Self.payFromWallet(client, world, json: #"{"invoiceId":"\#(world.invoiceId)","amount":"300.00"}"#)
                        return (response.status, response.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then: three fit, seven are refused, and the books agree
            #expect(answers.filter { $0.0 == .created }.count == 3, "\(answers)")
            #expect(answers.filter { $0.0 == .conflict && $0.1 == "wallet_insufficient" }.count == 7, "\(answers)")
            #expect(try await Self.wallet(client, world).balance == "100.00")
            #expect(try await world.invoice(client).paid == "900.00")
            let entries = try await Self.entries(client, world)
            #expect(entries.filter { $0.kind == "payment" }.count == 3)
        }
    }

    @Test func anotherStudioCannotSeeOrSpendAWallet() async throws {
        try await withPayments { client, app, _, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            _ = try await Self.topUpByHand(client, app, world, amount: "500.00")
            let stranger = try await StudioWorld.payment(client, app)
            // when / then: not found, and its invoice is unknown to the stranger
            let probe = try await client.call(.get, "/api/v1/clients/\(world.clientId)/wallet", as: .bearer(stranger.token))
            #expect(probe.status == .notFound)
            let entries = try await client.call(.get, "/api/v1/clients/\(world.clientId)/wallet/entries", as: .bearer(stranger.token))
            #expect(entries.status == .notFound)
            let spend = try await Self.payFromWallet(client, stranger, json: #"{"invoiceId":"\#(world.invoiceId)"}"#)
            #expect(spend.status == .badRequest && spend.errorBody?.fields?["invoiceId"] == "not_found")
            #expect(try await Self.wallet(client, world).balance == "500.00")
            // and a receptionist (no finance.read) cannot read it either
            let desk = try await world.member(.receptionist)
            #expect(try await client.call(.get, "/api/v1/clients/\(world.clientId)/wallet", as: .bearer(desk.token)).status == .forbidden)
        }
    }
}
