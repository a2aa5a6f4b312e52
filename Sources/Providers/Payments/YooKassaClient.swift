import CRMCore
import Foundation

/// YooKassa API v3 (`https://api.yookassa.ru/v3/`): HTTP Basic auth `shopId:secretKey`, JSON,
/// an `Idempotence-Key` header on every POST (YooKassa answers a repeated key with the first
/// result for 24 h). Amounts are `{"value": "1500.00", "currency": "RUB"}` strings, read and
/// written without floating point. Errors are `{"type": "error", "code", "description"}`;
/// HTTP 202 means "still processing, ask again after `retry_after` ms".
public struct YooKassaClient: PaymentProvider {
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var shopId: String
        public var secretKey: String

        public init(shopId: String, secretKey: String) {
            self.shopId = shopId
            self.secretKey = secretKey
        }

        public var description: String { "YooKassa.Credentials(shopId: \(shopId), secretKey: <redacted>)" }
    }

    public static let defaultBaseURL = URL(string: "https://api.yookassa.ru")!

    public let name = "yookassa"
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    let timeout: Duration

    public init(
        transport: any HTTPTransport, credentials: Credentials, baseURL: URL = YooKassaClient.defaultBaseURL, timeout: Duration = .seconds(20)
    ) {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func createPayment(_ request: PaymentRequest, idempotencyKey: String) async throws -> ProviderPayment {
        var body: [String: Any] = [
            "amount": Self.amount(request.amount, request.currency), "capture": request.capture,
            "confirmation": ["type": "redirect", "return_url": request.returnURL], "description": String(request.description.prefix(128)),
        ]
        if !request.metadata.isEmpty { body["metadata"] = request.metadata }
        return try Self.payment(try await call("POST", "v3/payments", body: body, idempotencyKey: idempotencyKey), provider: name)
    }

    public func payment(id: String) async throws -> ProviderPayment {
        try Self.payment(try await call("GET", "v3/payments/\(try Self.pathSafe(id, provider: name))"), provider: name)
    }

    public func capture(id: String, amount: Money?, currency: String, idempotencyKey: String) async throws -> ProviderPayment {
        let body: [String: Any] = amount.map { ["amount": Self.amount($0, currency)] } ?? [:]
        return try Self.payment(
            try await call("POST", "v3/payments/\(try Self.pathSafe(id, provider: name))/capture", body: body, idempotencyKey: idempotencyKey),
            provider: name)
    }

    public func cancel(id: String, idempotencyKey: String) async throws -> ProviderPayment {
        try Self.payment(
            try await call("POST", "v3/payments/\(try Self.pathSafe(id, provider: name))/cancel", body: [:], idempotencyKey: idempotencyKey),
            provider: name)
    }

    public func refund(paymentId: String, amount: Money, currency: String, idempotencyKey: String) async throws -> ProviderRefund {
        try Self.refund(
            try await call(
                "POST", "v3/refunds", body: ["payment_id": paymentId, "amount": Self.amount(amount, currency)], idempotencyKey: idempotencyKey),
            provider: name)
    }

    public func refund(id: String) async throws -> ProviderRefund {
        try Self.refund(try await call("GET", "v3/refunds/\(try Self.pathSafe(id, provider: name))"), provider: name)
    }

    static func refund(_ object: (fields: [String: Any], raw: Data), provider name: String) throws -> ProviderRefund {
        guard let id = object.fields["id"] as? String, let paymentId = object.fields["payment_id"] as? String,
            let amountObject = object.fields["amount"] as? [String: Any], let value = PaymentHTTP.money(amountObject["value"]),
            let currency = amountObject["currency"] as? String
        else { throw PaymentProviderError(.temporary, provider: name, message: "the refund answer could not be read") }
        let status: ProviderRefund.Status =
            switch object.fields["status"] as? String {
            case "succeeded": .succeeded
            case "canceled": .cancelled
            default: .pending
            }
        return ProviderRefund(id: id, paymentId: paymentId, status: status, amount: value, currency: currency, raw: object.raw)
    }

    /// The shop the credentials open (`GET /v3/me`): its id, whether it is a test shop and its
    /// status (`enabled`, `disabled`). A harmless call for the integration check.
    public struct Shop: Sendable, Equatable {
        public var accountId: String
        public var test: Bool
        public var status: String?

        public init(accountId: String, test: Bool, status: String?) {
            self.accountId = accountId
            self.test = test
            self.status = status
        }
    }

    public func shop() async throws -> Shop {
        let fields = try await call("GET", "v3/me").fields
        guard let accountId = fields["account_id"] as? String else {
            throw PaymentProviderError(.temporary, provider: name, message: "the shop answer could not be read")
        }
        return Shop(accountId: accountId, test: fields["test"] as? Bool ?? false, status: fields["status"] as? String)
    }

    // MARK: Notifications

    /// A notification's event and payment (or refund) id. YooKassa does not sign notifications:
    /// the caller must re-read the object with `payment(id:)` before believing it.
    public static func notification(_ body: Data) -> (event: String, objectId: String, paymentId: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], object["type"] as? String == "notification",
            let event = object["event"] as? String, let payload = object["object"] as? [String: Any], let id = payload["id"] as? String
        else { return nil }
        return (event, id, event.hasPrefix("refund.") ? payload["payment_id"] as? String : id)
    }

    // MARK: Wire format

    static func amount(_ money: Money, _ currency: String) -> [String: String] { ["value": money.description, "currency": currency.uppercased()] }

    /// Ids go into the path: only YooKassa's id alphabet is allowed.
    static func pathSafe(_ id: String, provider: String) throws -> String {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw PaymentProviderError(.permanent, provider: provider, code: "invalid_id", message: "not a payment id")
        }
        return id
    }

    static func payment(_ object: (fields: [String: Any], raw: Data), provider: String) throws -> ProviderPayment {
        let fields = object.fields
        guard let id = fields["id"] as? String, let amountObject = fields["amount"] as? [String: Any],
            let amount = PaymentHTTP.money(amountObject["value"]), let currency = amountObject["currency"] as? String
        else { throw PaymentProviderError(.temporary, provider: provider, message: "the payment answer could not be read") }
        let status: ProviderPayment.Status =
            switch fields["status"] as? String {
            case "waiting_for_capture": .waitingForCapture
            case "succeeded": .succeeded
            case "canceled": .cancelled
            default: .pending
            }
        let confirmation = fields["confirmation"] as? [String: Any]
        let refunded = (fields["refunded_amount"] as? [String: Any]).flatMap { PaymentHTTP.money($0["value"]) }
        let cancellation = fields["cancellation_details"] as? [String: Any]
        let reason = cancellation.flatMap { details in
            [details["party"] as? String, details["reason"] as? String].compactMap { $0 }.joined(separator: ": ")
        }
        return ProviderPayment(
            id: id, status: status, amount: amount, currency: currency, confirmationURL: confirmation?["confirmation_url"] as? String,
            refundedAmount: refunded, failureReason: reason, metadata: PaymentHTTP.stringMap(fields["metadata"]), raw: object.raw)
    }

    private func call(_ method: String, _ path: String, body: [String: Any]? = nil, idempotencyKey: String? = nil) async throws -> (
        fields: [String: Any], raw: Data
    ) {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Basic " + Data("\(credentials.shopId):\(credentials.secretKey)".utf8).base64EncodedString()),
            ("Accept", "application/json"),
        ]
        if let idempotencyKey { headers.append(("Idempotence-Key", idempotencyKey)) }
        var data: Data?
        if let body {
            headers.append(("Content-Type", "application/json"))
            data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        }
        let response = try await PaymentHTTP.exchange(
            transport, OutboundRequest(method: method, url: baseURL.appendingPathComponent(path), headers: headers, body: data, timeout: timeout),
            provider: name)
        let fields = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        switch response.status {
        case 200:
            guard let fields else { throw PaymentProviderError(.temporary, provider: name, message: "the answer is not JSON") }
            return (fields, response.body)
        case 202:
            // Still processing: repeat with the same key after `retry_after` milliseconds.
            let wait = (fields?["retry_after"] as? Int).map { Duration.milliseconds($0) } ?? .seconds(1)
            throw PaymentProviderError(.temporary, provider: name, code: "processing", message: "the request is still processing", retryAfter: wait)
        default:
            throw Self.failure(status: response.status, fields: fields, provider: name)
        }
    }

    static func failure(status: Int, fields: [String: Any]?, provider: String) -> PaymentProviderError {
        let code = fields?["code"] as? String ?? String(status)
        let description = (fields?["description"] as? String) ?? "HTTP \(status)"
        let parameter = (fields?["parameter"] as? String).map { " (\($0))" } ?? ""
        let kind: PaymentProviderError.Kind =
            switch status {
            case 429, 500...599: .temporary
            default: .permanent
            }
        return PaymentProviderError(kind, provider: provider, code: code, message: description + parameter)
    }
}
