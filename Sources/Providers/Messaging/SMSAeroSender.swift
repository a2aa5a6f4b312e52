import CRMCore
import Foundation

/// SMS Aero, HTTP API v2 (`https://gate.smsaero.ru/v2/`): HTTP Basic auth with the account email
/// and API key; `POST sms/send` with a JSON body `{number, text, sign}`; every answer is
/// `{"success": bool, "data": {...}, "message": text}`; `GET sms/status?id=` for delivery.
public struct SMSAeroSender: MessageSender {
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var email: String
        public var apiKey: String
        /// The approved sender name (`sign`).
        public var sign: String

        public init(email: String, apiKey: String, sign: String) {
            self.email = email
            self.apiKey = apiKey
            self.sign = sign
        }

        public var description: String { "SMSAero.Credentials(email: \(PIIMask.email(email)), apiKey: <redacted>, sign: \(sign))" }
    }

    public static let defaultBaseURL = URL(string: "https://gate.smsaero.ru")!

    public let provider = "smsaero"
    public let channel = MessageChannel.sms
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    let timeout: Duration

    public init(transport: any HTTPTransport, credentials: Credentials, baseURL: URL = SMSAeroSender.defaultBaseURL, timeout: Duration = .seconds(15))
    {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        guard case .phone(let phone) = message.recipient else { throw ProviderHTTP.wrongRecipient(message, provider: provider, expected: .sms) }
        guard let digits = ProviderHTTP.phoneDigits(phone), let number = Int64(digits) else {
            throw MessageSendError(.badRecipient, provider: provider, message: "not a phone number in international format")
        }
        let body: [String: Any] = ["number": number, "text": message.text, "sign": credentials.sign]
        let data = try await call(
            OutboundRequest(
                method: "POST", url: baseURL.appendingPathComponent("v2/sms/send"),
                headers: [auth, ("Content-Type", "application/json"), ("Accept", "application/json")],
                body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), timeout: timeout))
        guard let id = ProviderHTTP.identifier(data["id"]) else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no message id")
        }
        let initial: MessageReceipt.Status =
            switch data["status"] as? Int {
            case 1: .delivered
            case 3, 4: .sent
            default: .queued
            }
        return MessageReceipt(provider: provider, providerMessageId: id, status: initial, cost: ProviderCost.parse(data["cost"], currency: "RUB"))
    }

    public func status(providerMessageId: String) async throws -> DeliveryStatus? {
        guard let id = Int64(providerMessageId) else {
            throw MessageSendError(.invalidRequest, provider: provider, message: "not an SMS Aero message id")
        }
        var components = URLComponents(url: baseURL.appendingPathComponent("v2/sms/status"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "id", value: String(id))]
        let data = try await call(
            OutboundRequest(method: "GET", url: components.url!, headers: [auth, ("Accept", "application/json")], timeout: timeout))
        guard let code = data["status"] as? Int else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no status")
        }
        let state = Self.state(code)
        let extended = (data["extendStatus"] as? String) ?? String(code)
        return DeliveryStatus(state: state, error: state == .failed ? "status \(code) (\(extended))" : nil)
    }

    /// The account's balance (`GET v2/balance`, `{"data": {"balance": 337.03}}` in RUB): a harmless
    /// call that proves the email and API key, for the integration check.
    public func balance() async throws -> AccountBalance {
        let data = try await call(
            OutboundRequest(
                method: "GET", url: baseURL.appendingPathComponent("v2/balance"), headers: [auth, ("Accept", "application/json")], timeout: timeout))
        guard let balance = AccountBalance.parse(data["balance"], currency: "RUB") else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no balance")
        }
        return balance
    }

    /// SMS Aero statuses: 0 queue, 1 delivered, 2 not delivered, 3 transmitted to the operator,
    /// 4 waiting for the operator's report, 6 rejected, 8 on moderation.
    static func state(_ code: Int) -> DeliveryStatus.State {
        switch code {
        case 1: .delivered
        case 2, 6: .failed
        default: .sent
        }
    }

    private var auth: (name: String, value: String) { ProviderHTTP.basicAuthorization(user: credentials.email, password: credentials.apiKey) }

    /// The `data` object of a successful answer, or the failure the answer describes.
    private func call(_ request: OutboundRequest) async throws -> [String: Any] {
        let response = try await ProviderHTTP.exchange(transport, request, provider: provider)
        let json = ProviderHTTP.jsonObject(response.body)
        let text = ProviderHTTP.excerpt(json?["message"] as? String)
        if let failure = ProviderHTTP.temporaryFailure(response, provider: provider, message: text) { throw failure }
        if response.status == 401 || response.status == 403 {
            throw MessageSendError(.authRejected, provider: provider, code: String(response.status), message: text ?? "credentials rejected")
        }
        guard let json else {
            // A 4xx that is not the API's JSON (a wrong base URL, a proxy's page) will not improve on retry.
            let reason: MessageSendError.Reason = (400..<500).contains(response.status) ? .invalidRequest : .providerUnavailable
            throw MessageSendError(reason, provider: provider, code: String(response.status), message: "the answer is not JSON")
        }
        if json["success"] as? Bool == true, (200..<300).contains(response.status) {
            return (json["data"] as? [String: Any]) ?? [:]
        }
        throw Self.failure(message: text ?? "HTTP \(response.status)", status: response.status, provider: provider)
    }

    /// SMS Aero reports refusals as `success: false` with a text only; the text decides the reason.
    static func failure(message: String, status: Int, provider: String) -> MessageSendError {
        let lower = message.lowercased()
        let reason: MessageSendError.Reason
        if lower.contains("money") || lower.contains("balance") || lower.contains("credit") || lower.contains("баланс") || lower.contains("средств") {
            reason = .insufficientBalance
        } else if lower.contains("credentials") || lower.contains("auth") || lower.contains("авториз") {
            reason = .authRejected
        } else if lower.contains("number") || lower.contains("phone") || lower.contains("номер") {
            reason = .badRecipient
        } else if lower.contains("sign") || lower.contains("blocked") || lower.contains("подпис") || lower.contains("заблок") {
            reason = .blocked
        } else {
            reason = .invalidRequest
        }
        return MessageSendError(reason, provider: provider, code: String(status), message: message)
    }

}
