import CRMCore
import Foundation
import Providers
import Testing
import TestSupport

@Suite struct StripeClientTests {
    let transport = CurlHTTPTransport(concurrency: 4)

    func client(_ server: FakeHTTPServer, timeout: Duration = .seconds(30)) -> StripeClient {
        StripeClient(
            transport: transport, credentials: .init(secretKey: "sk_test_4eC39HqLyjWDarjtT1zdp7dc"), baseURL: server.baseURL, timeout: timeout)
    }

    static func intent(status: String = "requires_payment_method", amount: Int = 150_000) -> FakeHTTPServer.Reply {
        .json(
            #"{"id":"pi_3MtwBwLkdIwHu7ix28a3tqPa","object":"payment_intent","amount":\#(amount),"amount_received":0,"capture_method":"manual","client_secret":"pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH","currency":"rub","metadata":{"invoiceId":"inv-1"},"status":"\#(status)"}"#
        )
    }

    static let request = PaymentRequest(
        amount: Money(minorUnits: 150_000), currency: "RUB", description: "Invoice 2026-000123", returnURL: "https://studio.example/paid",
        capture: false, metadata: ["invoiceId": "inv-1"])

    @Test func createsAPaymentIntentFormEncodedWithTheIdempotencyKey() async throws {
        try await FakeHTTPServer.run({ _ in Self.intent() }) { server in
            // when
            let payment = try await client(server).createPayment(Self.request, idempotencyKey: "idem-1")
            // then
            #expect(payment.id == "pi_3MtwBwLkdIwHu7ix28a3tqPa")
            #expect(payment.status == .pending)
            #expect(payment.amount == Money(minorUnits: 150_000))
            #expect(payment.currency == "RUB")
            #expect(payment.clientSecret?.hasPrefix("pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_") == true)
            let sent = try #require(server.requests.first)
            #expect(sent.path == "/v1/payment_intents")
            #expect(sent.headers["authorization"] == "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")
            #expect(sent.headers["idempotency-key"] == "idem-1")
            #expect(sent.headers["content-type"] == "application/x-www-form-urlencoded")
            let form = sent.formFields()
            #expect(form["amount"] == "150000")
            #expect(form["currency"] == "rub")
            #expect(form["capture_method"] == "manual")
            #expect(form["metadata[invoiceId]"] == "inv-1")
        }
    }

    @Test func statusesMapToThePaymentStates() async throws {
        let replies = ["requires_capture", "succeeded", "canceled", "processing"].map { Self.intent(status: $0) }
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            var states: [ProviderPayment.Status] = []
            for _ in replies { states.append(try await client(server).payment(id: "pi_3MtwBwLkdIwHu7ix28a3tqPa").status) }
            #expect(states == [.waitingForCapture, .succeeded, .cancelled, .pending])
        }
    }

    @Test func aCardDeclineIsDeclinedAndServerErrorsAreTemporaryUntilTheRetrySucceeds() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(
                #"{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}"#,
                status: 402),
            .json(#"{"error":{"type":"invalid_request_error","code":"parameter_invalid_integer","message":"Invalid integer: abc"}}"#, status: 400),
            .json(#"{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}"#, status: 500),
            Self.intent(),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            var failures: [PaymentProviderError] = []
            for _ in 0..<3 {
                do { _ = try await client(server).createPayment(Self.request, idempotencyKey: "same-key") } catch let error as PaymentProviderError {
                    failures.append(error)
                }
            }
            let retried = try await client(server).createPayment(Self.request, idempotencyKey: "same-key")
            #expect(failures.map(\.kind) == [.declined, .permanent, .temporary])
            #expect(failures.map(\.code) == ["insufficient_funds", "parameter_invalid_integer", "500"])
            #expect(retried.status == .pending)
            #expect(Set(server.requests.map { $0.headers["idempotency-key"] }) == ["same-key"])
            #expect(failures.allSatisfy { !$0.description.contains("sk_test") })
        }
    }

    @Test func aTimeoutIsTemporary() async throws {
        try await FakeHTTPServer.run({ _ in FakeHTTPServer.Reply(status: 200, delay: .seconds(2)) }) { server in
            await #expect(
                throws: PaymentProviderError(.temporary, provider: "stripe", code: "timeout", message: "the provider did not answer in time")
            ) {
                _ = try await client(server, timeout: .milliseconds(300)).createPayment(Self.request, idempotencyKey: "t")
            }
        }
    }

    @Test func aRefundIsReReadByIdWithItsIntent() async throws {
        let refund = FakeHTTPServer.Reply.json(
            #"{"id":"re_3MtwBwLkdIwHu7ix0bGu8HJR","object":"refund","amount":2500,"currency":"rub","payment_intent":"pi_3MtwBwLkdIwHu7ix28a3tqPa","status":"pending"}"#)
        try await FakeHTTPServer.run({ _ in refund }) { server in
            // when
            let read = try await client(server).refund(id: "re_3MtwBwLkdIwHu7ix0bGu8HJR")
            // then
            #expect(read.status == .pending && read.amount == Money(minorUnits: 2500) && read.paymentId == "pi_3MtwBwLkdIwHu7ix28a3tqPa")
            #expect(server.requests.first?.method == "GET" && server.requests.first?.path == "/v1/refunds/re_3MtwBwLkdIwHu7ix0bGu8HJR")
            // and an id that is not Stripe's never reaches the network
            await #expect(throws: PaymentProviderError.self) { _ = try await client(server).refund(id: "../v1/balance") }
            #expect(server.requests.count == 1)
        }
    }

    @Test func refundsSendTheIntentAndTheAmountInMinorUnits() async throws {
        let refund = FakeHTTPServer.Reply.json(
            #"{"id":"re_1Nispe2eZvKYlo2Cd31jOCgZ","object":"refund","amount":50050,"currency":"rub","payment_intent":"pi_3MtwBwLkdIwHu7ix28a3tqPa","status":"succeeded"}"#
        )
        try await FakeHTTPServer.run({ _ in refund }) { server in
            let result = try await client(server).refund(
                paymentId: "pi_3MtwBwLkdIwHu7ix28a3tqPa", amount: Money(minorUnits: 50_050), currency: "RUB", idempotencyKey: "r")
            #expect(result.amount == Money(minorUnits: 50_050))
            #expect(result.status == .succeeded)
            #expect(server.requests.first?.formFields() == ["payment_intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": "50050"])
        }
    }
}

@Suite struct StripeWebhookSignatureTests {
    static let secret = "whsec_test_secret"
    static let payload = Data(
        #"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_3Mtw","object":"payment_intent"}}}"#.utf8)
    /// Computed independently (Python `hmac.new(secret, b"1492774577." + payload, sha256)`).
    static let knownSignature = "9fd4f333441ee954ad7878fbe559cfcd3011896cf3ce2a6b76fab1b62ddc9d6b"
    static let signedAt = Date(timeIntervalSince1970: 1_492_774_577)

    @Test func theDocumentedHeaderFormatVerifies() throws {
        // Stripe's documented shape: `t=<unix>,v1=<hex>,v0=<hex>`.
        #expect(StripeWebhookSignature.sign(payload: Self.payload, timestamp: 1_492_774_577, secret: Self.secret) == Self.knownSignature)
        let header = "t=1492774577,v1=\(Self.knownSignature),v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"
        try StripeWebhookSignature.verify(payload: Self.payload, header: header, secret: Self.secret, now: Self.signedAt.addingTimeInterval(60))
        // a rotated secret: several v1, one of which matches
        let rotated = "t=1492774577,v1=\(String(repeating: "0", count: 64)),v1=\(Self.knownSignature)"
        try StripeWebhookSignature.verify(payload: Self.payload, header: rotated, secret: Self.secret, now: Self.signedAt)
        #expect(StripeWebhookSignature.event(Self.payload)?.type == "payment_intent.succeeded")
        #expect(StripeWebhookSignature.event(Self.payload)?.objectId == "pi_3Mtw")
    }

    @Test func tamperingAnOldTimestampAndMalformedHeadersAreRefused() {
        let header = "t=1492774577,v1=\(Self.knownSignature)"
        var tampered = Self.payload
        tampered.append(contentsOf: Array(" ".utf8))
        #expect(throws: StripeWebhookSignature.Failure.noMatchingSignature) {
            try StripeWebhookSignature.verify(payload: tampered, header: header, secret: Self.secret, now: Self.signedAt)
        }
        #expect(throws: StripeWebhookSignature.Failure.noMatchingSignature) {
            try StripeWebhookSignature.verify(payload: Self.payload, header: header, secret: "whsec_other", now: Self.signedAt)
        }
        #expect(throws: StripeWebhookSignature.Failure.outsideTolerance) {
            try StripeWebhookSignature.verify(payload: Self.payload, header: header, secret: Self.secret, now: Self.signedAt.addingTimeInterval(301))
        }
        #expect(throws: StripeWebhookSignature.Failure.malformedHeader) {
            try StripeWebhookSignature.verify(payload: Self.payload, header: "v1=\(Self.knownSignature)", secret: Self.secret, now: Self.signedAt)
        }
        #expect(throws: StripeWebhookSignature.Failure.malformedHeader) {
            try StripeWebhookSignature.verify(payload: Self.payload, header: "t=1492774577,v0=abc", secret: Self.secret, now: Self.signedAt)
        }
    }
}
