import CRMCore
import Crypto
import Foundation

/// Stripe PaymentIntents over the form-encoded API (`https://api.stripe.com/v1/`): Bearer secret
/// key, `Idempotency-Key` on every POST, amounts as integers in minor units, lower-case currency
/// codes. Errors are `{"error": {"type", "code", "decline_code", "message"}}`; 402 is a decline.
public struct StripeClient: PaymentProvider {
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var secretKey: String

        public init(secretKey: String) { self.secretKey = secretKey }

        public var description: String { "Stripe.Credentials(secretKey: <redacted>)" }
    }

    public static let defaultBaseURL = URL(string: "https://api.stripe.com")!

    public let name = "stripe"
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    let timeout: Duration

    public init(transport: any HTTPTransport, credentials: Credentials, baseURL: URL = StripeClient.defaultBaseURL, timeout: Duration = .seconds(20))
    {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func createPayment(_ request: PaymentRequest, idempotencyKey: String) async throws -> ProviderPayment {
        var fields: [(String, String)] = [
            ("amount", String(request.amount.minorUnits)), ("currency", request.currency.lowercased()),
            ("capture_method", request.capture ? "automatic" : "manual"), ("description", String(request.description.prefix(500))),
            ("automatic_payment_methods[enabled]", "true"),
        ]
        for key in request.metadata.keys.sorted() { fields.append(("metadata[\(key)]", request.metadata[key]!)) }
        return try Self.intent(try await call("POST", "v1/payment_intents", fields, idempotencyKey: idempotencyKey), provider: name)
    }

    public func payment(id: String) async throws -> ProviderPayment {
        try Self.intent(try await call("GET", "v1/payment_intents/\(try YooKassaClient.pathSafe(id, provider: name))", nil), provider: name)
    }

    public func capture(id: String, amount: Money?, currency: String, idempotencyKey: String) async throws -> ProviderPayment {
        let fields = amount.map { [("amount_to_capture", String($0.minorUnits))] } ?? []
        return try Self.intent(
            try await call(
                "POST", "v1/payment_intents/\(try YooKassaClient.pathSafe(id, provider: name))/capture", fields, idempotencyKey: idempotencyKey),
            provider: name)
    }

    public func cancel(id: String, idempotencyKey: String) async throws -> ProviderPayment {
        try Self.intent(
            try await call(
                "POST", "v1/payment_intents/\(try YooKassaClient.pathSafe(id, provider: name))/cancel", [], idempotencyKey: idempotencyKey),
            provider: name)
    }

    public func refund(paymentId: String, amount: Money, currency: String, idempotencyKey: String) async throws -> ProviderRefund {
        try Self.refund(
            try await call(
                "POST", "v1/refunds", [("payment_intent", paymentId), ("amount", String(amount.minorUnits))], idempotencyKey: idempotencyKey),
            paymentId: paymentId, provider: name)
    }

    public func refund(id: String) async throws -> ProviderRefund {
        try Self.refund(try await call("GET", "v1/refunds/\(try YooKassaClient.pathSafe(id, provider: name))", nil), paymentId: nil, provider: name)
    }

    static func refund(_ object: (fields: [String: Any], raw: Data), paymentId: String?, provider name: String) throws -> ProviderRefund {
        let fields = object.fields
        guard let id = fields["id"] as? String, let minor = Self.integer(fields["amount"]), let currency = fields["currency"] as? String else {
            throw PaymentProviderError(.temporary, provider: name, message: "the refund answer could not be read")
        }
        let status: ProviderRefund.Status =
            switch fields["status"] as? String {
            case "succeeded": .succeeded
            case "failed", "canceled": .cancelled
            default: .pending
            }
        return ProviderRefund(
            id: id, paymentId: fields["payment_intent"] as? String ?? paymentId ?? "", status: status, amount: Money(minorUnits: minor),
            currency: currency.uppercased(), raw: object.raw)
    }

    /// The account's balance (`GET /v1/balance`): available funds per currency and whether the key
    /// is a live one. A harmless call for the integration check.
    public struct Balance: Sendable, Equatable {
        public var available: [AccountBalance]
        public var livemode: Bool

        public init(available: [AccountBalance], livemode: Bool) {
            self.available = available
            self.livemode = livemode
        }
    }

    public func balance() async throws -> Balance {
        let fields = try await call("GET", "v1/balance", nil).fields
        guard let available = fields["available"] as? [[String: Any]] else {
            throw PaymentProviderError(.temporary, provider: name, message: "the balance answer could not be read")
        }
        return Balance(
            available: available.compactMap { entry in
                guard let amount = Self.integer(entry["amount"]), let currency = entry["currency"] as? String else { return nil }
                return AccountBalance(minorUnits: amount, currency: currency.uppercased())
            },
            livemode: fields["livemode"] as? Bool ?? false)
    }

    // MARK: Wire format

    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: Int64(number)
        case let number as Int64: number
        default: nil
        }
    }

    static func intent(_ object: (fields: [String: Any], raw: Data), provider: String) throws -> ProviderPayment {
        let fields = object.fields
        guard let id = fields["id"] as? String, let minor = integer(fields["amount"]), let currency = fields["currency"] as? String else {
            throw PaymentProviderError(.temporary, provider: provider, message: "the payment intent could not be read")
        }
        let status: ProviderPayment.Status =
            switch fields["status"] as? String {
            case "requires_capture": .waitingForCapture
            case "succeeded": .succeeded
            case "canceled": .cancelled
            default: .pending
            }
        let lastError = (fields["last_payment_error"] as? [String: Any]).flatMap { $0["decline_code"] as? String ?? $0["code"] as? String }
        return ProviderPayment(
            id: id, status: status, amount: Money(minorUnits: minor), currency: currency.uppercased(),
            clientSecret: fields["client_secret"] as? String,
            refundedAmount: nil, failureReason: (fields["cancellation_reason"] as? String) ?? lastError,
            metadata: PaymentHTTP.stringMap(fields["metadata"]), raw: object.raw)
    }

    private func call(_ method: String, _ path: String, _ form: [(String, String)]?, idempotencyKey: String? = nil) async throws -> (
        fields: [String: Any], raw: Data
    ) {
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer \(credentials.secretKey)"), ("Accept", "application/json")]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        var body: Data?
        if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = ProviderHTTP.formEncoded(form)
        }
        let response = try await PaymentHTTP.exchange(
            transport, OutboundRequest(method: method, url: baseURL.appendingPathComponent(path), headers: headers, body: body, timeout: timeout),
            provider: name)
        let fields = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        guard response.status == 200 else { throw Self.failure(status: response.status, fields: fields, provider: name) }
        guard let fields else { throw PaymentProviderError(.temporary, provider: name, message: "the answer is not JSON") }
        return (fields, response.body)
    }

    static func failure(status: Int, fields: [String: Any]?, provider: String) -> PaymentProviderError {
        let error = fields?["error"] as? [String: Any]
        let code = (error?["decline_code"] as? String) ?? (error?["code"] as? String) ?? String(status)
        let message = (error?["message"] as? String) ?? "HTTP \(status)"
        let kind: PaymentProviderError.Kind =
            switch status {
            case 402: .declined
            case 409, 429, 500...599: .temporary
            default: .permanent
            }
        return PaymentProviderError(kind, provider: provider, code: code, message: message)
    }
}

/// Stripe's webhook signature (`Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]`): HMAC-SHA256
/// of `"<t>.<raw body>"` with the endpoint's signing secret, any `v1` may match, and `t` must be
/// within the tolerance (5 minutes) of now, so an old captured request cannot be replayed.
public enum StripeWebhookSignature {
    public enum Failure: Error, Equatable {
        case malformedHeader
        case noMatchingSignature
        case outsideTolerance
    }

    public static let tolerance: TimeInterval = 300

    public static func verify(payload: Data, header: String, secret: String, now: Date, tolerance: TimeInterval = tolerance) throws(Failure) {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1].lowercased()) }
        }
        guard let timestamp, !signatures.isEmpty else { throw .malformedHeader }
        let expected = sign(payload: payload, timestamp: timestamp, secret: secret)
        guard signatures.contains(where: { ConstantTime.equal($0, expected) }) else { throw .noMatchingSignature }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { throw .outsideTolerance }
    }

    /// Hex HMAC-SHA256 of `"<timestamp>.<payload>"`.
    public static func sign(payload: Data, timestamp: Int64, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The event's id and type, its object's id (`evt_…`, `payment_intent.succeeded`, `pi_…`) and
    /// the refunds it is about: the object itself (`refund.*`) or a charge's refunds.
    public static func event(_ payload: Data) -> (id: String, type: String, objectId: String?, refundIds: [String])? {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], let id = object["id"] as? String,
            let type = object["type"] as? String
        else { return nil }
        let inner = (object["data"] as? [String: Any])?["object"] as? [String: Any]
        let refundIds: [String] =
            if inner?["object"] as? String == "refund", let refund = inner?["id"] as? String {
                [refund]
            } else {
                (((inner?["refunds"] as? [String: Any])?["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            }
        return (id, type, inner?["id"] as? String, refundIds)
    }
}
