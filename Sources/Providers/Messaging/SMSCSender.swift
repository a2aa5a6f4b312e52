import Foundation

/// SMSC (smsc.ru), HTTP API: `POST /sys/send.php` with the form fields login, psw, phones, mes,
/// sender, `fmt=3` (JSON), `charset=utf-8`, `cost=3` (send and report cost and balance). The
/// answer is `{"id", "cnt", "cost", "balance"}` or `{"error", "error_code"}` (always HTTP 200).
/// Credentials go in the form body, never in the URL. `POST /sys/status.php` reports delivery.
///
/// SMSC's message id is only unique together with the phone, and its status call needs both,
/// so the provider message id is `<id>:<phone digits>`.
public struct SMSCSender: MessageSender {
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var login: String
        public var password: String
        /// The approved sender name; nil uses the account's default.
        public var sender: String?

        public init(login: String, password: String, sender: String? = nil) {
            self.login = login
            self.password = password
            self.sender = sender
        }

        public var description: String { "SMSC.Credentials(login: \(login), password: <redacted>, sender: \(sender ?? "-"))" }
    }

    public static let defaultBaseURL = URL(string: "https://smsc.ru")!

    public let provider = "smsc"
    public let channel = MessageChannel.sms
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    /// The account's currency, in which SMSC reports cost.
    let currency: String
    let timeout: Duration

    public init(
        transport: any HTTPTransport, credentials: Credentials, baseURL: URL = SMSCSender.defaultBaseURL, currency: String = "RUB",
        timeout: Duration = .seconds(15)
    ) {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.currency = currency
        self.timeout = timeout
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        guard case .phone(let phone) = message.recipient else { throw ProviderHTTP.wrongRecipient(message, provider: provider, expected: .sms) }
        guard let digits = ProviderHTTP.phoneDigits(phone) else {
            throw MessageSendError(.badRecipient, provider: provider, message: "not a phone number in international format")
        }
        var fields = [("login", credentials.login), ("psw", credentials.password), ("phones", "+" + digits), ("mes", message.text)]
        if let sender = credentials.sender { fields.append(("sender", sender)) }
        fields += [("fmt", "3"), ("charset", "utf-8"), ("cost", "3")]
        let json = try await call("sys/send.php", fields)
        guard let id = ProviderHTTP.identifier(json["id"]) else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no message id")
        }
        return MessageReceipt(
            provider: provider, providerMessageId: "\(id):\(digits)", status: .queued, cost: ProviderCost.parse(json["cost"], currency: currency))
    }

    public func status(providerMessageId: String) async throws -> DeliveryStatus? {
        let parts = providerMessageId.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let digits = ProviderHTTP.phoneDigits(String(parts[1])) else {
            throw MessageSendError(.invalidRequest, provider: provider, message: "not an SMSC message id")
        }
        let json = try await call(
            "sys/status.php",
            [
                ("login", credentials.login), ("psw", credentials.password), ("phone", "+" + digits), ("id", String(parts[0])), ("fmt", "3"),
                ("charset", "utf-8"),
            ])
        guard let code = json["status"] as? Int else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no status")
        }
        if code == -3 { throw MessageSendError(.invalidRequest, provider: provider, code: "-3", message: "message not found") }
        let state = Self.state(code)
        let errorCode = json["err"] as? Int
        return DeliveryStatus(state: state, error: state == .failed ? "status \(code)" + (errorCode.map { ", error \($0)" } ?? "") : nil)
    }

    /// The account's balance (`POST /sys/balance.php`, `fmt=3`: `{"balance": "123.45", "currency": "RUR"}`):
    /// a harmless call that proves the login and password, for the integration check.
    public func balance() async throws -> AccountBalance {
        let json = try await call("sys/balance.php", [("login", credentials.login), ("psw", credentials.password), ("fmt", "3")])
        // SMSC still names the rouble by its pre-1998 code.
        let reported = (json["currency"] as? String).map { $0.uppercased() == "RUR" ? "RUB" : $0.uppercased() } ?? currency
        guard let balance = AccountBalance.parse(json["balance"], currency: reported) else {
            throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no balance")
        }
        return balance
    }

    /// SMSC statuses: -1 waiting, 0 handed to the operator, 1 delivered, 2 read, 3 expired,
    /// 4 link followed, 20 cannot be delivered, 22 wrong number, 23 prohibited, 24 no money,
    /// 25 number unavailable, -2 stopped.
    static func state(_ code: Int) -> DeliveryStatus.State {
        switch code {
        case 1: .delivered
        case 2, 4: .read
        case 3, 20, 22, 23, 24, 25, -2: .failed
        default: .sent
        }
    }

    /// SMSC `error_code` meanings (send and status alike).
    static func reason(errorCode: Int) -> MessageSendError.Reason {
        switch errorCode {
        case 1, 5: .invalidRequest  // bad parameters, bad date format
        case 2: .authRejected  // wrong login or password (or account blocked)
        case 3: .insufficientBalance
        case 4, 9: .rateLimited  // IP blocked for a while after errors; duplicate or too many concurrent requests
        case 6: .blocked  // message prohibited by text or sender name
        case 7, 8: .badRecipient  // wrong number format; cannot be delivered to this number
        default: .invalidRequest
        }
    }

    private func call(_ path: String, _ fields: [(String, String)]) async throws -> [String: Any] {
        let response = try await ProviderHTTP.exchange(
            transport,
            OutboundRequest(
                method: "POST", url: baseURL.appendingPathComponent(path), headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: ProviderHTTP.formEncoded(fields), timeout: timeout),
            provider: provider)
        if let failure = ProviderHTTP.temporaryFailure(response, provider: provider) { throw failure }
        guard (200..<300).contains(response.status), let json = ProviderHTTP.jsonObject(response.body) else {
            throw MessageSendError(.providerUnavailable, provider: provider, code: String(response.status), message: "unexpected answer")
        }
        if let code = json["error_code"] as? Int {
            let reason = Self.reason(errorCode: code)
            // Error 4 blocks the IP for a minute or more (docs); 9 asks to wait before repeating.
            let wait: Duration? = code == 4 ? .seconds(60) : code == 9 ? .seconds(10) : nil
            throw MessageSendError(
                reason, provider: provider, code: String(code), message: ProviderHTTP.excerpt(json["error"] as? String) ?? "error \(code)",
                retryAfter: wait)
        }
        return json
    }
}
