import Foundation
import Synchronization
import TestSupport

/// YooKassa API v3 with memory, on 127.0.0.1: payments are created (`POST /v3/payments`, the
/// `Idempotence-Key` answers the first result again), read (`GET /v3/payments/{id}`), captured,
/// cancelled and refunded (`POST /v3/refunds`, `GET /v3/refunds/{id}`) in YooKassa's JSON. A test
/// moves a payment as the payer would (`pay`, `hold`, `decline`) and chooses how creation
/// answers (`createOutcome`), so the real `YooKassaClient` is exercised end to end.
final class FakeYooKassa: Sendable {
    enum Outcome: Sendable {
        case ok
        /// Answers after `delay` (longer than the client's timeout).
        case slow(Duration)
        case serverError
        case refused
    }

    struct StoredPayment: Sendable {
        var id: String
        var status: String
        var minor: Int64
        var currency: String
        var metadata: [String: String]
        var refunded: Int64 = 0
        var cancellation: String?
    }

    struct StoredRefund: Sendable {
        var id: String
        var paymentId: String
        var status: String
        var minor: Int64
        var currency: String
    }

    struct State: Sendable {
        var payments: [String: StoredPayment] = [:]
        var refunds: [String: StoredRefund] = [:]
        /// Idempotence key → the reply first given.
        var replies: [String: FakeHTTPServer.Reply] = [:]
        var next = 1
        var createOutcome = Outcome.ok
        var refundOutcome = Outcome.ok
        var refundStatus = "succeeded"
    }

    let state = Mutex(State())
    private let server = Mutex<FakeHTTPServer?>(nil)

    var baseURL: URL { server.withLock { $0!.baseURL } }
    var requests: [FakeHTTPServer.RecordedRequest] { server.withLock { $0?.requests ?? [] } }
    var createCalls: [FakeHTTPServer.RecordedRequest] { requests.filter { $0.method == "POST" && $0.path == "/v3/payments" } }

    static func run<T: Sendable>(_ body: @Sendable (FakeYooKassa) async throws -> T) async throws -> T {
        let fake = FakeYooKassa()
        return try await FakeHTTPServer.run({ await fake.handle($0) }) { server in
            fake.server.withLock { $0 = server }
            return try await body(fake)
        }
    }

    func set(_ change: (inout State) -> Void) { state.withLock { change(&$0) } }

    /// The payer paid (`succeeded`), or the money is held (`waiting_for_capture`).
    func pay(_ id: String) { set { $0.payments[id]?.status = "succeeded" } }
    func hold(_ id: String) { set { $0.payments[id]?.status = "waiting_for_capture" } }
    func decline(_ id: String) {
        set {
            $0.payments[id]?.status = "canceled"
            $0.payments[id]?.cancellation = "card_expired"
        }
    }
    func payment(_ id: String) -> StoredPayment? { state.withLock { $0.payments[id] } }

    static func money(_ minor: Int64) -> String { String(format: "%lld.%02lld", minor / 100, minor % 100) }

    static func minor(_ value: String) -> Int64 {
        let parts = value.split(separator: ".")
        return (Int64(parts[0]) ?? 0) * 100 + (parts.count > 1 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0)
    }

    func json(_ p: StoredPayment) -> FakeHTTPServer.Reply {
        var object: [String: Any] = [
            "id": p.id, "status": p.status, "paid": p.status == "succeeded" || p.status == "waiting_for_capture",
            "amount": ["value": Self.money(p.minor), "currency": p.currency],
            "confirmation": ["type": "redirect", "confirmation_url": "https://yoomoney.test/checkout/\(p.id)"], "metadata": p.metadata,
            "test": true,
        ]
        if p.refunded > 0 { object["refunded_amount"] = ["value": Self.money(p.refunded), "currency": p.currency] }
        if let reason = p.cancellation { object["cancellation_details"] = ["party": "payment_network", "reason": reason] }
        return Self.reply(object)
    }

    func json(_ r: StoredRefund) -> FakeHTTPServer.Reply {
        Self.reply(["id": r.id, "payment_id": r.paymentId, "status": r.status, "amount": ["value": Self.money(r.minor), "currency": r.currency]])
    }

    static func reply(_ object: [String: Any], status: Int = 200) -> FakeHTTPServer.Reply {
        .init(status: status, headers: ["Content-Type": "application/json"], body: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static let notFound = reply(["type": "error", "code": "not_found", "description": "Payment not found"], status: 404)

    func handle(_ request: FakeHTTPServer.RecordedRequest) async -> FakeHTTPServer.Reply {
        let parts = request.path.split(separator: "/").map(String.init)
        let key = request.headers["idempotence-key"]
        if request.method == "POST", let key, let earlier = state.withLock({ $0.replies["\(request.path)|\(key)"] }) { return earlier }
        let reply: FakeHTTPServer.Reply
        switch (request.method, parts.count > 1 ? Array(parts[1...]) : []) {
        case ("POST", ["payments"]): reply = create(request)
        case ("GET", let path) where path.count == 2 && path[0] == "payments":
            reply = payment(path[1]).map(json) ?? Self.notFound
        case ("POST", let path) where path.count == 3 && path[0] == "payments" && path[2] == "capture":
            let body = (try? request.jsonBody()) ?? [:]
            let amount = ((body["amount"] as? [String: Any])?["value"] as? String).map(Self.minor)
            reply = state.withLock { state -> FakeHTTPServer.Reply in
                guard var p = state.payments[path[1]], p.status == "waiting_for_capture" else { return Self.notFound }
                p.status = "succeeded"
                if let amount { p.minor = amount }
                state.payments[p.id] = p
                return json(p)
            }
        case ("POST", let path) where path.count == 3 && path[0] == "payments" && path[2] == "cancel":
            reply = state.withLock { state -> FakeHTTPServer.Reply in
                guard var p = state.payments[path[1]], p.status == "waiting_for_capture" else { return Self.notFound }
                p.status = "canceled"
                p.cancellation = "canceled_by_merchant"
                state.payments[p.id] = p
                return json(p)
            }
        case ("POST", ["refunds"]): reply = refund(request)
        case ("GET", let path) where path.count == 2 && path[0] == "refunds":
            reply = state.withLock { $0.refunds[path[1]] }.map(json) ?? Self.notFound
        default: reply = Self.notFound
        }
        if request.method == "POST", let key, reply.status == 200 {
            state.withLock { $0.replies["\(request.path)|\(key)"] = reply }
        }
        return reply
    }

    private func create(_ request: FakeHTTPServer.RecordedRequest) -> FakeHTTPServer.Reply {
        let body = (try? request.jsonBody()) ?? [:]
        let amount = body["amount"] as? [String: Any]
        return state.withLock { state -> FakeHTTPServer.Reply in
            let id = "2d9f1d6d-000f-5000-9000-\(String(format: "%012d", state.next))"
            state.next += 1
            switch state.createOutcome {
            case .ok: break
            case .slow(let delay):
                var reply = Self.reply(["type": "error", "code": "too_slow"], status: 500)
                reply.delay = delay
                return reply
            case .serverError: return Self.reply(["type": "error", "code": "internal_server_error", "description": "Try again"], status: 500)
            case .refused: return Self.reply(["type": "error", "code": "invalid_credentials", "description": "Bad shop"], status: 401)
            }
            let payment = StoredPayment(
                id: id, status: "pending", minor: Self.minor(amount?["value"] as? String ?? "0"), currency: amount?["currency"] as? String ?? "RUB",
                metadata: (body["metadata"] as? [String: String]) ?? [:])
            state.payments[id] = payment
            return json(payment)
        }
    }

    private func refund(_ request: FakeHTTPServer.RecordedRequest) -> FakeHTTPServer.Reply {
        let body = (try? request.jsonBody()) ?? [:]
        let amount = Self.minor(((body["amount"] as? [String: Any])?["value"] as? String) ?? "0")
        let paymentId = body["payment_id"] as? String ?? ""
        return state.withLock { state -> FakeHTTPServer.Reply in
            switch state.refundOutcome {
            case .ok: break
            case .slow(let delay):
                var reply = Self.reply(["type": "error", "code": "too_slow"], status: 500)
                reply.delay = delay
                return reply
            case .serverError: return Self.reply(["type": "error", "code": "internal_server_error"], status: 500)
            case .refused: return Self.reply(["type": "error", "code": "invalid_request", "description": "Refund refused"], status: 400)
            }
            guard var payment = state.payments[paymentId], payment.status == "succeeded", payment.refunded + amount <= payment.minor else {
                return Self.reply(["type": "error", "code": "invalid_request", "description": "Not refundable"], status: 400)
            }
            let id = "rf-\(state.next)"
            state.next += 1
            let refund = StoredRefund(id: id, paymentId: paymentId, status: state.refundStatus, minor: amount, currency: payment.currency)
            if refund.status == "succeeded" { payment.refunded += amount }
            state.payments[paymentId] = payment
            state.refunds[id] = refund
            return json(refund)
        }
    }
}
