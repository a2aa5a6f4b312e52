import CRMCore
import Foundation
import Providers
import Testing
import TestSupport

@Suite struct YooKassaClientTests {
    let transport = CurlHTTPTransport(concurrency: 4)

    func client(_ server: FakeHTTPServer, timeout: Duration = .seconds(30)) -> YooKassaClient {
        YooKassaClient(
            transport: transport, credentials: .init(shopId: "506751", secretKey: "test_secret_key"), baseURL: server.baseURL, timeout: timeout)
    }

    static func payment(status: String = "pending", value: String = "1500.00", extra: String = "") -> FakeHTTPServer.Reply {
        .json(
            #"{"id":"2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f","status":"\#(status)","paid":false,"amount":{"value":"\#(value)","currency":"RUB"},"confirmation":{"type":"redirect","confirmation_url":"https://yoomoney.ru/checkout/payments/v2/contract?orderId=2d9f1d6d"},"created_at":"2026-11-21T10:00:00.000Z","description":"Invoice 2026-000123","metadata":{"invoiceId":"inv-1"},"recipient":{"account_id":"506751","gateway_id":"1"},"refundable":false,"test":true\#(extra)}"#
        )
    }

    static let request = PaymentRequest(
        amount: Money(minorUnits: 150_000), currency: "RUB", description: "Invoice 2026-000123", returnURL: "https://studio.example/paid",
        capture: false, metadata: ["invoiceId": "inv-1"])

    @Test func createsAHoldWithBasicAuthAndTheIdempotenceKeyAndReadsTheConfirmationURL() async throws {
        try await FakeHTTPServer.run({ _ in Self.payment() }) { server in
            // when
            let payment = try await client(server).createPayment(Self.request, idempotencyKey: "key-123")
            // then
            #expect(payment.id == "2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f")
            #expect(payment.status == .pending)
            #expect(payment.amount == Money(minorUnits: 150_000))
            #expect(payment.confirmationURL == "https://yoomoney.ru/checkout/payments/v2/contract?orderId=2d9f1d6d")
            #expect(payment.metadata == ["invoiceId": "inv-1"])
            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v3/payments")
            #expect(sent.basicCredentials == "506751:test_secret_key")
            #expect(sent.headers["idempotence-key"] == "key-123")
            let body = try sent.jsonBody()
            #expect((body["amount"] as? [String: String]) == ["value": "1500.00", "currency": "RUB"])
            #expect(body["capture"] as? Bool == false)
            #expect((body["confirmation"] as? [String: String]) == ["type": "redirect", "return_url": "https://studio.example/paid"])
        }
    }

    @Test func kopecksSurviveTheRoundTripExactly() async throws {
        try await FakeHTTPServer.run({ _ in Self.payment(status: "waiting_for_capture", value: "0.10") }) { server in
            let payment = try await client(server).createPayment(
                PaymentRequest(amount: Money(minorUnits: 10), currency: "rub", description: "x", returnURL: "https://s.example"), idempotencyKey: "k")
            #expect(payment.amount == Money(minorUnits: 10))
            #expect(payment.status == .waitingForCapture)
            #expect((try server.requests[0].jsonBody()["amount"] as? [String: String]) == ["value": "0.10", "currency": "RUB"])
        }
    }

    @Test func aDeclinedPaymentIsCancelledWithTheReason() async throws {
        let declined = Self.payment(status: "canceled", extra: #","cancellation_details":{"party":"payment_network","reason":"card_expired"}"#)
        try await FakeHTTPServer.run({ _ in declined }) { server in
            let payment = try await client(server).payment(id: "2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f")
            #expect(payment.status == .cancelled)
            #expect(payment.failureReason == "payment_network: card_expired")
            #expect(server.requests.first?.path == "/v3/payments/2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f")
            #expect(server.requests.first?.method == "GET")
        }
    }

    @Test func errorsAreClassifiedAndNeverEchoTheSecret() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(
                #"{"type":"error","id":"0b8","code":"invalid_request","description":"Amount must be positive","parameter":"amount.value"}"#,
                status: 400),
            .json(#"{"type":"error","id":"0b9","code":"invalid_credentials","description":"Authentication failed"}"#, status: 401),
            .json(#"{"type":"error","id":"0ba","code":"too_many_requests","description":"Slow down"}"#, status: 429),
            .json(#"{"type":"error","id":"0bb","code":"internal_server_error","description":"Internal error"}"#, status: 500),
            .json(#"{"type":"processing","description":"Request accepted","retry_after":1800}"#, status: 202),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            var failures: [PaymentProviderError] = []
            for _ in replies {
                do {
                    _ = try await client(server).createPayment(Self.request, idempotencyKey: "same")
                } catch let error as PaymentProviderError {
                    failures.append(error)
                }
            }
            #expect(failures.map(\.kind) == [.permanent, .permanent, .temporary, .temporary, .temporary])
            #expect(failures.map(\.code) == ["invalid_request", "invalid_credentials", "too_many_requests", "internal_server_error", "processing"])
            #expect(failures[0].message == "Amount must be positive (amount.value)")
            #expect(failures[4].retryAfter == .milliseconds(1800))
            #expect(failures.allSatisfy { !$0.description.contains("test_secret_key") })
        }
    }

    @Test func aTimeoutIsTemporaryAndTheRetryWithTheSameKeyGetsThePayment() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            FakeHTTPServer.Reply(status: 200, body: Data(), delay: .seconds(2)), Self.payment(),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when the first attempt times out and the caller retries with the same key
            var first: PaymentProviderError?
            do { _ = try await client(server, timeout: .milliseconds(300)).createPayment(Self.request, idempotencyKey: "retry-key") } catch let error
                as PaymentProviderError
            { first = error }
            let second = try await client(server).createPayment(Self.request, idempotencyKey: "retry-key")
            // then
            #expect(first?.kind == .temporary)
            #expect(first?.code == "timeout")
            #expect(second.status == .pending)
            #expect(server.requests.map { $0.headers["idempotence-key"] } == ["retry-key", "retry-key"])
        }
    }

    @Test func captureCancelAndRefundUseTheirEndpoints() async throws {
        let refund = FakeHTTPServer.Reply.json(
            #"{"id":"216749f7-0016-50be-b000-078d43a63ae4","payment_id":"2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f","status":"succeeded","amount":{"value":"500.50","currency":"RUB"},"created_at":"2026-11-21T10:05:00.000Z"}"#
        )
        let replies = [Self.payment(status: "succeeded"), Self.payment(status: "canceled"), refund]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            let id = "2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f"
            let captured = try await client(server).capture(id: id, amount: Money(minorUnits: 100_000), currency: "RUB", idempotencyKey: "c1")
            let cancelled = try await client(server).cancel(id: id, idempotencyKey: "c2")
            let refunded = try await client(server).refund(paymentId: id, amount: Money(minorUnits: 50_050), currency: "RUB", idempotencyKey: "r1")
            #expect(captured.status == .succeeded)
            #expect(cancelled.status == .cancelled)
            #expect(refunded.status == .succeeded)
            #expect(refunded.amount == Money(minorUnits: 50_050))
            #expect(server.requests.map(\.path) == ["/v3/payments/\(id)/capture", "/v3/payments/\(id)/cancel", "/v3/refunds"])
            #expect((try server.requests[0].jsonBody()["amount"] as? [String: String]) == ["value": "1000.00", "currency": "RUB"])
            let refundBody = try server.requests[2].jsonBody()
            #expect(refundBody["payment_id"] as? String == id)
            #expect((refundBody["amount"] as? [String: String]) == ["value": "500.50", "currency": "RUB"])
            #expect(server.requests.map { $0.headers["idempotence-key"] } == ["c1", "c2", "r1"])
        }
    }

    @Test func aForgedIdNeverReachesThePath() async throws {
        try await FakeHTTPServer.run({ _ in Self.payment() }) { server in
            await #expect(throws: PaymentProviderError.self) { _ = try await client(server).payment(id: "../refunds?x=1") }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func notificationsNameTheEventAndThePayment() {
        let body = Data(
            #"{"type":"notification","event":"payment.waiting_for_capture","object":{"id":"22e12f66-000f-5000-8000-18db351245c7","status":"waiting_for_capture","amount":{"value":"2.00","currency":"RUB"}}}"#
                .utf8)
        let parsed = YooKassaClient.notification(body)
        #expect(parsed?.event == "payment.waiting_for_capture")
        #expect(parsed?.objectId == "22e12f66-000f-5000-8000-18db351245c7")
        let refund = Data(#"{"type":"notification","event":"refund.succeeded","object":{"id":"rf-1","payment_id":"pay-1"}}"#.utf8)
        #expect(YooKassaClient.notification(refund)?.paymentId == "pay-1")
        #expect(YooKassaClient.notification(Data("{}".utf8)) == nil)
    }

    @Test func aRefundIsReReadById() async throws {
        let refund = FakeHTTPServer.Reply.json(
            #"{"id":"216749f7-0016-50be-b000-078d43a63ae4","payment_id":"2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f","status":"succeeded","amount":{"value":"10.01","currency":"RUB"},"created_at":"2026-11-21T10:00:00.000Z"}"#)
        try await FakeHTTPServer.run({ _ in refund }) { server in
            let read = try await client(server).refund(id: "216749f7-0016-50be-b000-078d43a63ae4")
            #expect(read.status == .succeeded && read.amount == Money(minorUnits: 1001) && read.paymentId == "2d9f1d6d-000f-5000-9000-1b2a3c4d5e6f")
            #expect(server.requests.first?.method == "GET" && server.requests.first?.path == "/v3/refunds/216749f7-0016-50be-b000-078d43a63ae4")
            #expect(server.requests.first?.basicCredentials == "506751:test_secret_key")
        }
    }
}
