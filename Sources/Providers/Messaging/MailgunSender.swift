import CRMCore
import Foundation

/// Mailgun messages API: `POST {base}/v3/{domain}/messages`, HTTP Basic auth `api:<key>`, form
/// fields from, to, subject, text, html; the answer is `{"id": "<…>", "message": "Queued. Thank you."}`.
/// The base URL follows the account's region (US `api.mailgun.net`, EU `api.eu.mailgun.net`).
/// Delivery status comes from the events API (`GET /v3/{domain}/events?message-id=`).
public struct MailgunSender: MessageSender, EmailSender {
    public enum Region: String, Sendable, Equatable, CaseIterable {
        case us
        case eu

        public var baseURL: URL {
            switch self {
            case .us: URL(string: "https://api.mailgun.net")!
            case .eu: URL(string: "https://api.eu.mailgun.net")!
            }
        }
    }

    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var apiKey: String
        /// The sending domain, `mg.example.com`.
        public var domain: String
        /// The From header, `Studio <noreply@mg.example.com>`.
        public var from: String
        public var region: Region

        public init(apiKey: String, domain: String, from: String, region: Region = .us) {
            self.apiKey = apiKey
            self.domain = domain
            self.from = from
            self.region = region
        }

        public var description: String { "Mailgun.Credentials(apiKey: <redacted>, domain: \(domain), from: \(from), region: \(region.rawValue))" }
    }

    public let provider = "mailgun"
    public let channel = MessageChannel.email
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    let timeout: Duration

    /// `baseURL` overrides the region's (tests).
    public init(transport: any HTTPTransport, credentials: Credentials, baseURL: URL? = nil, timeout: Duration = .seconds(15)) {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL ?? credentials.region.baseURL
        self.timeout = timeout
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        guard case .email(let address) = message.recipient else { throw ProviderHTTP.wrongRecipient(message, provider: provider, expected: .email) }
        var fields = [("from", credentials.from), ("to", address), ("subject", message.subject ?? ""), ("text", message.text)]
        if let html = message.html { fields.append(("html", html)) }
        let response = try await exchange(
            OutboundRequest(
                method: "POST", url: domainURL.appendingPathComponent("messages"),
                headers: [auth, ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: ProviderHTTP.formEncoded(fields), timeout: timeout))
        guard let json = ProviderHTTP.jsonObject(response.body), let id = json["id"] as? String, !id.isEmpty else {
            throw MessageSendError(.providerUnavailable, provider: provider, code: String(response.status), message: "the answer has no message id")
        }
        return MessageReceipt(provider: provider, providerMessageId: Self.bare(id), status: .queued)
    }

    /// Account email (password reset, invitations) through the same API.
    public func send(_ message: EmailMessage) async throws {
        _ = try await send(OutboundMessage.email(to: message.to, subject: message.subject, text: message.text, html: message.html))
    }

    /// The most telling event Mailgun logged for the message: opened or clicked → read, delivered,
    /// failed (permanent severity) or rejected → failed; accepted or a temporary failure → sent.
    public func status(providerMessageId: String) async throws -> DeliveryStatus? {
        var components = URLComponents(url: domainURL.appendingPathComponent("events"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "message-id", value: Self.bare(providerMessageId))]
        let response = try await exchange(
            OutboundRequest(method: "GET", url: components.url!, headers: [auth, ("Accept", "application/json")], timeout: timeout))
        guard let json = ProviderHTTP.jsonObject(response.body), let items = json["items"] as? [[String: Any]] else {
            throw MessageSendError(.providerUnavailable, provider: provider, code: String(response.status), message: "unexpected answer")
        }
        var best = DeliveryStatus(state: .sent)
        for item in items {
            let event = item["event"] as? String ?? ""
            let candidate: DeliveryStatus
            switch event {
            case "opened", "clicked": candidate = DeliveryStatus(state: .read)
            case "delivered": candidate = DeliveryStatus(state: .delivered)
            case "rejected": candidate = DeliveryStatus(state: .failed, error: Self.eventReason(item) ?? "rejected")
            case "failed" where (item["severity"] as? String) != "temporary":
                candidate = DeliveryStatus(state: .failed, error: Self.eventReason(item) ?? "failed")
            default: continue
            }
            if Self.rank(candidate.state) > Self.rank(best.state) { best = candidate }
        }
        return best
    }

    /// The sending domain's state at Mailgun (`GET {base}/v3/domains/{domain}`, `domain.state`:
    /// `active`, `unverified`, `disabled`): a harmless call that proves the key and the domain, for
    /// the integration check. A key that cannot see the domain is `authRejected`, an unknown domain
    /// `invalidRequest` (404).
    public func domainState() async throws -> String {
        let response = try await exchange(
            OutboundRequest(
                method: "GET", url: baseURL.appendingPathComponent("v3/domains").appendingPathComponent(credentials.domain),
                headers: [auth, ("Accept", "application/json")], timeout: timeout))
        guard let domain = ProviderHTTP.jsonObject(response.body)?["domain"] as? [String: Any], let state = domain["state"] as? String else {
            throw MessageSendError(.providerUnavailable, provider: provider, code: String(response.status), message: "unexpected answer")
        }
        return state
    }

    private static func rank(_ state: DeliveryStatus.State) -> Int {
        switch state {
        case .sent: 0
        case .failed: 1
        case .delivered: 2
        case .read: 3
        }
    }

    private static func eventReason(_ item: [String: Any]) -> String? {
        let status = item["delivery-status"] as? [String: Any]
        let code = (status?["code"] as? Int).map(String.init)
        let text = ProviderHTTP.excerpt((status?["description"] as? String) ?? (status?["message"] as? String) ?? (item["reason"] as? String))
        return [code, text].compactMap { $0 }.joined(separator: " ").nilIfEmpty
    }

    /// `<20260601.1@mg.example.com>` → `20260601.1@mg.example.com` (the events API filters on the bare form).
    static func bare(_ id: String) -> String {
        var id = id.trimmingCharacters(in: .whitespaces)
        if id.hasPrefix("<") { id.removeFirst() }
        if id.hasSuffix(">") { id.removeLast() }
        return id
    }

    private var domainURL: URL { baseURL.appendingPathComponent("v3").appendingPathComponent(credentials.domain) }
    private var auth: (name: String, value: String) { ProviderHTTP.basicAuthorization(user: "api", password: credentials.apiKey) }

    private func exchange(_ request: OutboundRequest) async throws -> OutboundResponse {
        let response = try await ProviderHTTP.exchange(transport, request, provider: provider)
        if (200..<300).contains(response.status) { return response }
        // Mailgun answers errors as {"message": "..."} (401 is plain "Forbidden").
        let text =
            ProviderHTTP.excerpt(ProviderHTTP.jsonObject(response.body)?["message"] as? String)
            ?? ProviderHTTP.excerpt(String(decoding: response.body.prefix(300), as: UTF8.self))
        if let failure = ProviderHTTP.temporaryFailure(response, provider: provider, message: text) { throw failure }
        let code = String(response.status)
        let message = text ?? "HTTP \(response.status)"
        switch response.status {
        case 401: throw MessageSendError(.authRejected, provider: provider, code: code, message: message)
        case 402: throw MessageSendError(.insufficientBalance, provider: provider, code: code, message: message)
        case 403: throw MessageSendError(.blocked, provider: provider, code: code, message: message)
        case 400 where message.lowercased().contains("'to'"): throw MessageSendError(.badRecipient, provider: provider, code: code, message: message)
        default: throw MessageSendError(.invalidRequest, provider: provider, code: code, message: message)
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
