import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct PaymentsTests {
    @Test func anInvoicePaidOnlineCountsOnlyOnceYooKassaSaysSoWhenAsked() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await StudioWorld.payment(client, app, total: "1000.00")
            // when
            let created = try await world.pay(client)
            // then: an attempt at YooKassa with our id as its idempotence key
            #expect(created.status == .created)
            let payment = try created.decoded(PaymentBody.self)
            #expect(payment.provider == "yookassa" && payment.status == "pending" && payment.attempt == 1 && !payment.isFallback)
            #expect(payment.kind == "full" && payment.amount == "1000.00")
            #expect(payment.confirmationUrl?.hasPrefix("https://yoomoney.test/checkout/") == true)
            #expect(payment.payUrl?.contains("/api/v1/public/\(world.slug)/pay/\(payment.chainId)?sig=") == true)
            let sent = try #require(yookassa.createCalls.first)
            #expect(sent.headers["idempotence-key"] == payment.id)
            #expect((try sent.jsonBody()["amount"] as? [String: String]) == ["value": "1000.00", "currency": "RUB"])
            #expect(try sent.jsonBody()["capture"] as? Bool == true)
            let providerId = try #require(payment.providerPaymentId)
            // when: the payer pays and YooKassa says so
            yookassa.pay(providerId)
            let ack = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then: re-read, applied to the payment and the invoice, audited with events
            #expect(ack.status == .ok)
            #expect(yookassa.requests.contains { $0.method == "GET" && $0.path == "/v3/payments/\(providerId)" })
            #expect(try await world.payment(client, payment.id).status == "succeeded")
            let invoice = try await world.invoice(client)
            #expect(invoice.status == "paid" && invoice.paid == "1000.00" && invoice.balance == "0.00")
            #expect(invoice.payments.map(\.id) == [payment.id])
            #expect(try await auditCount(app.database, world.tenantId, action: "payment.status_changed") == 1)
            let events = try await domainEvents(app.database, world.tenantId)
            #expect(events.contains { $0.type == "invoice.payment_applied" && $0.entityId == world.invoiceId })
        }
    }

    @Test func aForgedNotificationChangesNothingAndDoesNotBurnTheRealOne() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: a payment nobody has paid
            let world = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            let providerId = try #require(payment.providerPaymentId)
            // when: someone posts "succeeded" for it
            let forged = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then: acknowledged, but YooKassa says pending, so nothing moved
            #expect(forged.status == .ok)
            #expect(try await world.payment(client, payment.id).status == "pending")
            #expect(try await world.invoice(client).status == "issued")
            // when: the payer really pays and the same event arrives
            yookassa.pay(providerId)
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then
            #expect(try await world.payment(client, payment.id).status == "succeeded")
            #expect(try await world.invoice(client).paid == "1000.00")
        }
    }

    @Test func aReplayedNotificationChangesStateOnce() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            let providerId = try #require(payment.providerPaymentId)
            yookassa.pay(providerId)
            // when: the same notification three times
            for _ in 0..<3 {
                #expect(try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId).status == .ok)
            }
            // then: one change, one payment applied
            #expect(try await auditCount(app.database, world.tenantId, action: "payment.status_changed") == 1)
            #expect(try await auditCount(app.database, world.tenantId, action: "invoice.payment_applied") == 1)
            #expect(try await world.invoice(client).paid == "1000.00")
        }
    }

    @Test func eventsOutOfOrderEndInTheProvidersState() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: a two-stage payment, held and then captured at YooKassa
            let world = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client, capture: false).decoded(PaymentBody.self)
            #expect(payment.status == "pending" && !payment.isFallback)
            let providerId = try #require(payment.providerPaymentId)
            yookassa.hold(providerId)
            yookassa.pay(providerId)
            // when: "succeeded" arrives before "waiting_for_capture"
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            _ = try await world.yookassaNotification(client, event: "payment.waiting_for_capture", objectId: providerId)
            // then: succeeded it stays
            #expect(try await world.payment(client, payment.id).status == "succeeded")
            #expect(try await world.invoice(client).status == "paid")
        }
    }

    @Test func aHeldPaymentIsCapturedInPartAndSettlesForWhatWasCaptured() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: 1000.00 held
            let world = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client, capture: false).decoded(PaymentBody.self)
            let providerId = try #require(payment.providerPaymentId)
            yookassa.hold(providerId)
            _ = try await world.yookassaNotification(client, event: "payment.waiting_for_capture", objectId: providerId)
            #expect(try await world.payment(client, payment.id).status == "waiting_for_capture")
            #expect(try await world.invoice(client).paid == "0.00")
            // when: 600.00 captured
            let captured = try await client.call(
                .post, "/api/v1/payments/\(payment.id)/capture", as: .bearer(world.token), json: #"{"amount":"600.00"}"#)
            // then
            #expect(captured.status == .ok)
            let body = try captured.decoded(PaymentBody.self)
            #expect(body.status == "succeeded" && body.amount == "600.00")
            let invoice = try await world.invoice(client)
            #expect(invoice.status == "partially_paid" && invoice.paid == "600.00" && invoice.balance == "400.00")
            #expect(try await exceptions(app.database, world.tenantId).isEmpty)
            let call = try #require(yookassa.requests.first { $0.path == "/v3/payments/\(providerId)/capture" })
            #expect((try call.jsonBody()["amount"] as? [String: String]) == ["value": "600.00", "currency": "RUB"])
        }
    }

    @Test func tenIdenticalConcurrentRequestsMakeOneProviderCall() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            // when: the same request with the same key, ten times at once
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        let response = try await world.pay(client, key: "pay-once")
                        return (Int(response.status.code), try? response.decoded(PaymentBody.self).id)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then: one payment, one provider call, every answer the same
            #expect(statuses.allSatisfy { $0.0 == 201 })
            #expect(Set(statuses.compactMap(\.1)).count == 1)
            #expect(yookassa.createCalls.count == 1)
            let rows = try await app.database.sql.raw("SELECT id FROM payments WHERE tenant_id = \(bind: world.tenantId)").all()
            #expect(rows.count == 1)
        }
    }

    @Test func creatingAPaymentNeedsAKeyAPayableInvoiceAndAProvider() async throws {
        try await withPayments(yookassa: false, stripe: false) { client, app, yookassa, _ in
            // given
            let world = try await StudioWorld.payment(client, app)
            // when
            let noKey = try await client.call(.post, "/api/v1/payments", as: .bearer(world.token), json: #"{"invoiceId":"\#(world.invoiceId)"}"#)
            let tooMuch = try await world.pay(client, amount: "1000.01")
            let noProvider = try await world.pay(client)
            // then
            #expect(noKey.status == .badRequest && noKey.errorCode == "idempotency_key_required")
            #expect(tooMuch.status == .badRequest && tooMuch.errorBody?.fields?["amount"] == "exceeds_balance")
            #expect(noProvider.status == .conflict && noProvider.errorCode == "payment_provider_not_configured")
            #expect(yookassa.requests.isEmpty)
            #expect(try await app.database.sql.raw("SELECT id FROM payments WHERE tenant_id = \(bind: world.tenantId)").all().isEmpty)
        }
    }

    @Test func anotherStudiosEndpointCannotMoveThisStudiosPayment() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: A's payment, paid at the (shared) fake shop
            let a = try await StudioWorld.payment(client, app)
            let b = try await StudioWorld.payment(client, app)
            let payment = try await a.pay(client).decoded(PaymentBody.self)
            let providerId = try #require(payment.providerPaymentId)
            yookassa.pay(providerId)
            // when: the notification is posted to B's endpoint
            let ack = try await b.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then: acknowledged as unknown, A's payment untouched, nothing recorded for B
            #expect(ack.status == .ok)
            #expect(try await a.payment(client, payment.id).status == "pending")
            #expect(try await app.database.sql.raw("SELECT event_key FROM payment_webhook_events").all().isEmpty)
            let listed = try await client.call(.get, "/api/v1/payments", as: .bearer(b.token)).decoded(PaymentPage.self)
            #expect(listed.items.isEmpty)
        }
    }
}
