import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct StripeWebhookTests {
    /// A studio with only Stripe connected, and a Stripe payment the payer has paid.
    static func paidAtStripe(_ client: some TestClientProtocol, _ app: TestApp, _ stripe: FakeStripe) async throws -> (StudioWorld, PaymentBody) {
        let world = try await StudioWorld.payment(client, app)
        let payment = try await world.pay(client).decoded(PaymentBody.self)
        #expect(payment.provider == "stripe" && payment.attempt == 1 && !payment.isFallback)
        stripe.pay(try #require(payment.providerPaymentId))
        return (world, payment)
    }

    static func post(_ client: some TestClientProtocol, slug: String, body: String, signature: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("Stripe-Signature")!] = signature }
        return try await client.execute(
            uri: "/api/v1/payments/stripe/webhook/\(slug)", method: .post, headers: headers, body: .init(string: body))
    }

    @Test func aBadSignatureIs400AndChangesNothing() async throws {
        try await withPayments(yookassa: false) { client, app, _, stripe in
            // given
            let (world, payment) = try await Self.paidAtStripe(client, app, stripe)
            let object: [String: Any] = ["id": payment.providerPaymentId!, "object": "payment_intent"]
            let wrongSecret = FakeStripe.event(id: "evt_a", type: "payment_intent.succeeded", object: object, at: app.clock.now(), secret: "whsec_other")
            let stale = FakeStripe.event(id: "evt_b", type: "payment_intent.succeeded", object: object, at: app.clock.now().addingTimeInterval(-301))
            let good = FakeStripe.event(id: "evt_c", type: "payment_intent.succeeded", object: object, at: app.clock.now())
            // when
            let responses = [
                try await Self.post(client, slug: world.slug, body: wrongSecret.body, signature: wrongSecret.signature),
                try await Self.post(client, slug: world.slug, body: stale.body, signature: stale.signature),
                try await Self.post(client, slug: world.slug, body: good.body, signature: nil),
                try await Self.post(client, slug: world.slug, body: good.body.replacingOccurrences(of: "evt_c", with: "evt_d"), signature: good.signature),
            ]
            // then: all refused, nothing read, nothing changed
            #expect(responses.allSatisfy { $0.status == .badRequest && $0.errorCode == "invalid_signature" })
            #expect(!stripe.requests.contains { $0.method == "GET" })
            #expect(try await world.payment(client, payment.id).status == "pending")
            #expect(try await world.invoice(client).paid == "0.00")
            #expect(try await app.database.sql.raw("SELECT event_key FROM payment_webhook_events").all().isEmpty)
        }
    }

    @Test func aSignedEventIsAppliedOnceHoweverOftenItComes() async throws {
        try await withPayments(yookassa: false) { client, app, _, stripe in
            // given
            let (world, payment) = try await Self.paidAtStripe(client, app, stripe)
            let event = FakeStripe.event(
                id: "evt_1", type: "payment_intent.succeeded", object: ["id": payment.providerPaymentId!, "object": "payment_intent"],
                at: app.clock.now())
            // when: delivered twice
            let first = try await Self.post(client, slug: world.slug, body: event.body, signature: event.signature)
            let second = try await Self.post(client, slug: world.slug, body: event.body, signature: event.signature)
            // then
            #expect(first.status == .ok && second.status == .ok)
            #expect(try await world.payment(client, payment.id).status == "succeeded")
            #expect(try await auditCount(app.database, world.tenantId, action: "payment.status_changed") == 1)
            #expect(try await world.invoice(client).paid == "1000.00")
        }
    }

    @Test func aStudioWithoutStripeHasNoStripeEndpoint() async throws {
        try await withPayments(stripe: false) { client, app, _, _ in
            let world = try await StudioWorld.payment(client, app)
            let event = FakeStripe.event(id: "evt_1", type: "payment_intent.succeeded", object: ["id": "pi_x"], at: app.clock.now())
            let response = try await Self.post(client, slug: world.slug, body: event.body, signature: event.signature)
            #expect(response.status == .notFound)
        }
    }
}
