import Crypto
import Foundation
import Synchronization
import TestSupport

/// Stripe's PaymentIntents and refunds (form-encoded requests, JSON answers, `Idempotency-Key`)
/// with memory, on 127.0.0.1, and signed events the way Stripe signs them, for the payments
/// module's end-to-end tests.
final class FakeStripe: Sendable {
    static let webhookSecret = "whsec_test_secret"

    struct Intent: Sendable {
        var id: String
        var status: String
        var amount: Int64
        var currency: String
        var captureMethod: String
        var metadata: [String: String]
    }

    struct State: Sendable {
        var intents: [String: Intent] = [:]
        var refunds: [String: (id: String, intent: String, amount: Int64, status: String)] = [:]
        var replies: [String: FakeHTTPServer.Reply] = [:]
        var next = 1
        var failCreate = false
    }

    let state = Mutex(State())
    private let server = Mutex<FakeHTTPServer?>(nil)

    var baseURL: URL { server.withLock { $0!.baseURL } }
    var requests: [FakeHTTPServer.RecordedRequest] { server.withLock { $0?.requests ?? [] } }
    var createCalls: [FakeHTTPServer.RecordedRequest] { requests.filter { $0.method == "POST" && $0.path == "/v1/payment_intents" } }

    static func run<T: Sendable>(_ body: @Sendable (FakeStripe) async throws -> T) async throws -> T {
        let fake = FakeStripe()
        return try await FakeHTTPServer.run({ await fake.handle($0) }) { server in
            fake.server.withLock { $0 = server }
            return try await body(fake)
        }
    }

    func pay(_ id: String) { state.withLock { $0.intents[id]?.status = "succeeded" } }
    func intent(_ id: String) -> Intent? { state.withLock { $0.intents[id] } }

    static func reply(_ object: [String: Any], status: Int = 200) -> FakeHTTPServer.Reply {
        .init(status: status, headers: ["Content-Type": "application/json"], body: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func json(_ i: Intent) -> FakeHTTPServer.Reply {
        reply([
            "id": i.id, "object": "payment_intent", "status": i.status, "amount": i.amount, "currency": i.currency, "capture_method": i.captureMethod,
            "client_secret": "\(i.id)_secret_test", "metadata": i.metadata,
        ])
    }

    static let notFound = reply(["error": ["type": "invalid_request_error", "code": "resource_missing", "message": "No such object"]], status: 404)

    func handle(_ request: FakeHTTPServer.RecordedRequest) async -> FakeHTTPServer.Reply {
        let path = request.path.split(separator: "/").map(String.init)
        let key = request.headers["idempotency-key"]
        if request.method == "POST", let key, let earlier = state.withLock({ $0.replies["\(request.path)|\(key)"] }) { return earlier }
        let form = request.formFields()
        let reply: FakeHTTPServer.Reply = state.withLock { state in
            switch (request.method, Array(path.dropFirst())) {
            case ("POST", ["payment_intents"]):
                if state.failCreate {
                    return Self.reply(["error": ["type": "api_error", "message": "Stripe is down"]], status: 500)
                }
                let id = "pi_test\(state.next)"
                state.next += 1
                var metadata: [String: String] = [:]
                for (name, value) in form where name.hasPrefix("metadata[") { metadata[String(name.dropFirst(9).dropLast())] = value }
                let intent = Intent(
                    id: id, status: "requires_payment_method", amount: Int64(form["amount"] ?? "0") ?? 0, currency: form["currency"] ?? "rub",
                    captureMethod: form["capture_method"] ?? "automatic", metadata: metadata)
                state.intents[id] = intent
                return Self.json(intent)
            case ("GET", let rest) where rest.count == 2 && rest[0] == "payment_intents":
                return state.intents[rest[1]].map(Self.json) ?? Self.notFound
            case ("POST", ["refunds"]):
                guard let intent = state.intents[form["payment_intent"] ?? ""], intent.status == "succeeded" else { return Self.notFound }
                let id = "re_test\(state.next)"
                state.next += 1
                let amount = Int64(form["amount"] ?? "") ?? intent.amount
                state.refunds[id] = (id, intent.id, amount, "succeeded")
                return Self.reply([
                    "id": id, "object": "refund", "status": "succeeded", "amount": amount, "currency": intent.currency, "payment_intent": intent.id,
                ])
            case ("GET", let rest) where rest.count == 2 && rest[0] == "refunds":
                guard let refund = state.refunds[rest[1]] else { return Self.notFound }
                return Self.reply([
                    "id": refund.id, "object": "refund", "status": refund.status, "amount": refund.amount, "currency": "rub",
                    "payment_intent": refund.intent,
                ])
            default:
                return Self.notFound
            }
        }
        if request.method == "POST", let key, reply.status == 200 { state.withLock { $0.replies["\(request.path)|\(key)"] = reply } }
        return reply
    }

    /// An event as Stripe posts it, and its `Stripe-Signature` header (computed here the way
    /// Stripe documents it: HMAC-SHA256 of `t.payload`, hex, in `v1`).
    static func event(id: String, type: String, object: [String: Any], at time: Date, secret: String = webhookSecret) -> (body: String, signature: String) {
        let payload = try! JSONSerialization.data(
            withJSONObject: ["id": id, "object": "event", "type": type, "data": ["object": object]], options: [.sortedKeys])
        let timestamp = Int64(time.timeIntervalSince1970)
        var message = Data("\(timestamp).".utf8)
        message.append(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return (String(decoding: payload, as: UTF8.self), "t=\(timestamp),v1=\(mac.map { String(format: "%02x", $0) }.joined())")
    }
}
