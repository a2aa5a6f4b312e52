import CRMCore
import Foundation
import HummingbirdTesting
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// SPEC §6: primary fails or times out, or its notification never comes → a second attempt at
/// the secondary provider and "payment switched to backup"; that fails too → "manual payment
/// required".
@Suite struct PaymentFallbackTests {
    @Test func aYooKassaTimeoutMovesThePaymentToStripe() async throws {
        try await withPayments(yookassaTimeout: .seconds(1)) { client, app, yookassa, stripe in
            // given: YooKassa answers after 3 s, the client waits 1 s
            let world = try await StudioWorld.payment(client, app)
            yookassa.set { $0.createOutcome = .slow(.seconds(3)) }
            // when
            let response = try await world.pay(client)
            // then: the answer is the Stripe attempt of the same chain
            #expect(response.status == .created)
            let payment = try response.decoded(PaymentBody.self)
            #expect(payment.provider == "stripe" && payment.attempt == 2 && payment.isFallback && payment.status == "pending")
            #expect(payment.providerPaymentId?.hasPrefix("pi_test") == true)
            let call = try #require(stripe.createCalls.first)
            #expect(call.formFields()["amount"] == "100000" && call.headers["idempotency-key"] == payment.id)
            let chain = try await client.call(.get, "/api/v1/payments?filter[invoiceId]=\(world.invoiceId)", as: .bearer(world.token))
                .decoded(PaymentPage.self).items
            let first = try #require(chain.first { $0.attempt == 1 })
            #expect(first.provider == "yookassa" && first.status == "failed" && first.failureReason == "temporary: timeout" && first.superseded)
            #expect(first.chainId == payment.chainId)
            #expect(try await exceptions(app.database, world.tenantId).map(\.kind) == ["payment_switched_to_backup"])
            // when: the payer pays at Stripe and Stripe's signed event arrives
            stripe.pay(try #require(payment.providerPaymentId))
            let event = FakeStripe.event(
                id: "evt_1", type: "payment_intent.succeeded", object: ["id": payment.providerPaymentId!, "object": "payment_intent"], at: app.clock.now())
            let ack = try await client.execute(
                uri: "/api/v1/payments/stripe/webhook/\(world.slug)", method: .post,
                headers: [.contentType: "application/json", .init("Stripe-Signature")!: event.signature], body: .init(string: event.body))
            // then
            #expect(ack.status == .ok)
            #expect(try await world.invoice(client).status == "paid")
        }
    }

    @Test func bothProvidersFailingAsksForAManualPayment() async throws {
        try await withPayments { client, app, yookassa, stripe in
            // given
            let world = try await StudioWorld.payment(client, app)
            yookassa.set { $0.createOutcome = .serverError }
            stripe.state.withLock { $0.failCreate = true }
            // when
            let response = try await world.pay(client)
            // then
            #expect(response.status == .badGateway && response.errorCode == "payment_failed")
            #expect(response.errorBody?.details?["manualPaymentRequired"] == .bool(true))
            let kinds = try await exceptions(app.database, world.tenantId).map(\.kind)
            #expect(kinds == ["payment_switched_to_backup", "manual_payment_required"])
            let statuses = try await app.database.sql.raw(
                "SELECT provider, status FROM payments WHERE tenant_id = \(bind: world.tenantId) ORDER BY attempt"
            ).all(decoding: [String: String].self)
            #expect(statuses == [["provider": "yookassa", "status": "failed"], ["provider": "stripe", "status": "failed"]])
            #expect(try await world.invoice(client).status == "issued")
        }
    }

    @Test func withoutABackupAFailedPrimaryAsksForAManualPaymentAtOnce() async throws {
        try await withPayments(stripe: false) { client, app, yookassa, _ in
            let world = try await StudioWorld.payment(client, app)
            yookassa.set { $0.createOutcome = .refused }
            let response = try await world.pay(client)
            #expect(response.status == .badGateway)
            #expect(try await exceptions(app.database, world.tenantId).map(\.kind) == ["manual_payment_required"])
        }
    }

    @Test func aNotificationThatNeverComesMovesTheChainAfterTheStudiosTimeout() async throws {
        try await withPayments { client, app, yookassa, stripe in
            // given: a YooKassa attempt the payer opened; its notification is due in 30 minutes
            let world = try await StudioWorld.payment(client, app)
            let first = try await world.pay(client).decoded(PaymentBody.self)
            #expect(first.provider == "yookassa")
            // when: 29 minutes pass, then 31
            app.clock.advance(by: 29 * 60)
            try await runDueJobs(app)
            #expect(stripe.createCalls.isEmpty)
            app.clock.advance(by: 2 * 60)
            try await runDueJobs(app)
            // then: YooKassa was asked once more, then the chain moved to Stripe
            #expect(yookassa.requests.filter { $0.method == "GET" }.count == 1)
            #expect(stripe.createCalls.count == 1)
            let chain = try await client.call(.get, "/api/v1/payments?filter[invoiceId]=\(world.invoiceId)", as: .bearer(world.token))
                .decoded(PaymentPage.self).items
            let old = try #require(chain.first { $0.id == first.id })
            #expect(old.status == "pending" && old.superseded)
            #expect(chain.contains { $0.provider == "stripe" && $0.isFallback && $0.status == "pending" })
            #expect(try await exceptions(app.database, world.tenantId).map(\.kind) == ["payment_switched_to_backup"])
            // and the payer's link now leads to our Stripe page for the new attempt, not to YooKassa
            let opened = try await client.call(.get, try #require(first.payPath))
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers[.location])
            #expect(location.contains("/pay-stripe.html#pk=pk_test_123&cs=pi_test") && !location.contains("yoomoney"))
        }
    }

    @Test func aLatePaymentAtTheSupersededProviderIsStillRecorded() async throws {
        try await withPayments { client, app, yookassa, stripe in
            // given: the chain moved to Stripe because YooKassa stayed silent
            let world = try await StudioWorld.payment(client, app)
            let first = try await world.pay(client).decoded(PaymentBody.self)
            app.clock.advance(by: 31 * 60)
            try await runDueJobs(app)
            #expect(stripe.createCalls.count == 1)
            // when: the payer had paid at YooKassa after all
            let providerId = try #require(first.providerPaymentId)
            yookassa.pay(providerId)
            _ = try await world.yookassaNotification(client, event: "payment.succeeded", objectId: providerId)
            // then: the money counts
            #expect(try await world.payment(client, first.id).status == "succeeded")
            #expect(try await world.invoice(client).status == "paid")
        }
    }

    @Test func yooKassaCredentialsThatNoLongerOpenMoveThePaymentToStripe() async throws {
        /// YooKassa's stored secrets do not open any more (the server's SECRET_KEY changed).
        struct Unreadable: PaymentProviderDirectory {
            let base: FakePaymentProviders
            func paymentProvider(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> (any PaymentProvider)? {
                guard kind == .stripe else {
                    throw PaymentProviderError(.permanent, provider: "yookassa", code: "credentials_unreadable", message: "set them again")
                }
                return try await base.paymentProvider(kind, tenant: tenant)
            }
            func stripeWebhookSecret(tenant: TenantID) async throws -> String? { FakeStripe.webhookSecret }
        }
        try await FakeStripe.run { stripe in
            try await withTestApp(paymentProviders: Unreadable(base: FakePaymentProviders(stripe: stripe.baseURL))) { client, app in
                // when
                let world = try await StudioWorld.payment(client, app)
                let response = try await world.pay(client)
                // then: the YooKassa attempt failed with the reason, Stripe took over
                #expect(response.status == .created)
                #expect(try response.decoded(PaymentBody.self).provider == "stripe")
                let chain = try await client.call(.get, "/api/v1/payments?filter[invoiceId]=\(world.invoiceId)", as: .bearer(world.token))
                    .decoded(PaymentPage.self).items
                #expect(chain.first { $0.attempt == 1 }?.failureReason == "permanent: credentials_unreadable")
                #expect(try await exceptions(app.database, world.tenantId).map(\.kind) == ["payment_switched_to_backup"])
            }
        }
    }
}
