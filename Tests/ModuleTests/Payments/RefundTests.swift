import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct RefundTests {
    /// A paid invoice of `total` and its payment.
    static func paid(_ client: some TestClientProtocol, _ app: TestApp, _ yookassa: FakeYooKassa, total: String = "1000.00") async throws
        -> (StudioWorld, PaymentBody)
    {
        let world = try await StudioWorld.payment(client, app, total: total)
        let payment = try await world.pay(client).decoded(PaymentBody.self)
        let providerId = try #require(payment.providerPaymentId)
        yookassa.pay(providerId)
        _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
        return (world, try await world.payment(client, payment.id))
    }

    @Test func twentyConcurrentRefundsNeverReturnMoreThanWasPaid() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: 1000.00 paid (imperium: partial refunds allowed)
            let (world, payment) = try await Self.paid(client, app, yookassa)
            #expect(payment.status == "succeeded")
            // when: twenty refunds of 300.00 at once
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let response = try await world.refund(client, payment.id, amount: "300.00")
                        return (Int(response.status.code), response.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then: exactly three went through, the rest were refused for the amount
            #expect(statuses.filter { $0.0 == 201 }.count == 3)
            #expect(statuses.filter { $0.0 == 409 && $0.1 == "refund_exceeds_paid" }.count == 17)
            let after = try await world.payment(client, payment.id)
            #expect(after.refunded == "900.00" && after.refundable == "100.00")
            #expect(yookassa.requests.filter { $0.path == "/v3/refunds" }.count == 3)
            let invoice = try await world.invoice(client)
            #expect(invoice.refunded == "900.00" && invoice.paid == "1000.00")
            struct Sums: Decodable { let refunded: Int64; let reserved: Int64 }
            let sums = try await app.database.sql.raw(
                "SELECT refunded_minor AS refunded, refund_reserved_minor AS reserved FROM payments WHERE tenant_id = \(bind: world.tenantId) AND kind = 'full'"
            ).first(decoding: Sums.self)
            #expect(sums?.refunded == 90_000 && sums?.reserved == 90_000)
        }
    }

    @Test func aFullRefundReturnsEverythingAndMarksTheInvoiceRefunded() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: ivory may refund in full only
            let (world, payment) = try await Self.paid(client, app, yookassa, total: "1234.56")
            try await Fixtures.setPlan(in: app.database, tenant: world.tenant, .ivory)
            // when
            let partial = try await world.refund(client, payment.id, amount: "0.01")
            let full = try await world.refund(client, payment.id)
            let again = try await world.refund(client, payment.id)
            // then
            #expect(partial.status == .forbidden && partial.errorCode == "feature_not_allowed")
            #expect(full.status == .created)
            let refund = try full.decoded(PaymentBody.self)
            #expect(refund.kind == "refund" && refund.status == "succeeded" && refund.amount == "1234.56" && refund.parentId == payment.id)
            #expect(again.status == .conflict && again.errorCode == "refund_exceeds_paid")
            let invoice = try await world.invoice(client)
            #expect(invoice.status == "refunded" && invoice.refunded == "1234.56")
            #expect(invoice.payments.map(\.kind) == ["full", "refund"])
            let sent = try #require(yookassa.requests.first { $0.path == "/v3/refunds" })
            #expect(sent.headers["idempotence-key"] == refund.id)
            #expect((try sent.jsonBody()["amount"] as? [String: String]) == ["value": "1234.56", "currency": "RUB"])
        }
    }

    @Test func kopecksAddUpExactlyAcrossPartialPaymentsAndRefunds() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: 1000.00 paid as 333.33 + 666.67
            let world = try await StudioWorld.payment(client, app, total: "1000.00")
            var payments: [PaymentBody] = []
            for amount in ["333.33", "666.67"] {
                let payment = try await world.pay(client, amount: amount)
                    .decoded(PaymentBody.self)
                yookassa.pay(try #require(payment.providerPaymentId))
                _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: payment.providerPaymentId!)
                payments.append(payment)
            }
            #expect(payments.map(\.kind) == ["partial", "full"])
            #expect(try await world.invoice(client).status == "paid")
            // when: 0.01 and 333.32 back from the first
            for amount in ["0.01", "333.32"] {
                let refund = try await world.refund(client, payments[0].id, amount: amount)
                #expect(refund.status == .created)
            }
            // then
            let first = try await world.payment(client, payments[0].id)
            #expect(first.refunded == "333.33" && first.refundable == "0.00")
            let invoice = try await world.invoice(client)
            #expect(invoice.paid == "1000.00" && invoice.refunded == "333.33" && invoice.balance == "333.33")
            #expect(invoice.status == "partially_paid")
        }
    }

    @Test func aRefundTheProviderRefusesGivesTheAmountBack() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let (world, payment) = try await Self.paid(client, app, yookassa)
            yookassa.set { $0.refundOutcome = .refused }
            // when
            let refused = try await world.refund(client, payment.id)
            // then: recorded as failed, refundable again
            #expect(refused.status == .badGateway && refused.errorCode == "refund_failed")
            #expect(try await world.payment(client, payment.id).refundable == "1000.00")
            yookassa.set { $0.refundOutcome = .ok }
            let retried = try await world.refund(client, payment.id)
            #expect(retried.status == .created)
            #expect(try await world.payment(client, payment.id).refunded == "1000.00")
        }
    }

    @Test func aPendingRefundSettlesWhenYooKassaConfirmsIt() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: refunds stay pending at YooKassa for now
            let (world, payment) = try await Self.paid(client, app, yookassa)
            yookassa.set { $0.refundStatus = "pending" }
            let refund = try await world.refund(client, payment.id)
                .decoded(PaymentBody.self)
            #expect(refund.status == "pending")
            #expect(try await world.payment(client, payment.id).refundable == "0.00")
            #expect(try await world.invoice(client).refunded == "0.00")
            // when: it succeeds and YooKassa says so
            let refundId = try #require(refund.providerPaymentId)
            yookassa.set { $0.refunds[refundId]?.status = "succeeded" }
            let ack = try await world.yookassaNotification(
                client, event: "refund.succeeded", objectId: refundId, paymentId: payment.providerPaymentId)
            // then
            #expect(ack.status == .ok)
            #expect(try await world.payment(client, refund.id).status == "succeeded")
            #expect(try await world.invoice(client).refunded == "1000.00")
        }
    }

    @Test func aRefundNeedsAKeyAndARepeatedKeyRefundsOnce() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let (world, payment) = try await Self.paid(client, app, yookassa)
            // when
            let keyless = try await client.call(
                .post, "/api/v1/payments/\(payment.id)/refunds", as: .bearer(world.token), json: #"{"amount":"100.00"}"#)
            let first = try await world.refund(client, payment.id, amount: "100.00", key: "refund-1")
            let repeated = try await world.refund(client, payment.id, amount: "100.00", key: "refund-1")
            // then
            #expect(keyless.status == .badRequest && keyless.errorCode == "idempotency_key_required")
            #expect(first.status == .created && repeated.status == .created)
            #expect(try first.decoded(PaymentBody.self).id == repeated.decoded(PaymentBody.self).id)
            #expect(try await world.payment(client, payment.id).refunded == "100.00")
            #expect(yookassa.requests.filter { $0.path == "/v3/refunds" }.count == 1)
        }
    }
}
