import Foundation

/// Telegram Bot API `sendMessage`: `POST {base}/bot<token>/sendMessage` with a JSON body
/// `{chat_id, text, parse_mode, reply_markup: {inline_keyboard}}`; the answer is
/// `{"ok": true, "result": {"message_id", …}}` or `{"ok": false, "error_code", "description",
/// "parameters": {"retry_after"}}`. The Bot API has no delivery status, so `status` is nil.
///
/// The token is part of the URL path: no error text here ever contains the URL, and a
/// description from Telegram is cleaned of the token before it is kept.
public struct TelegramBotSender: MessageSender {
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        /// `123456789:AA…` from BotFather.
        public var token: String

        public init(token: String) { self.token = token }

        public var description: String { "Telegram.Credentials(token: <redacted>)" }
    }

    public static let defaultBaseURL = URL(string: "https://api.telegram.org")!

    public let provider = "telegram"
    public let channel = MessageChannel.telegram
    let transport: any HTTPTransport
    let credentials: Credentials
    let baseURL: URL
    let timeout: Duration

    public init(
        transport: any HTTPTransport, credentials: Credentials, baseURL: URL = TelegramBotSender.defaultBaseURL, timeout: Duration = .seconds(15)
    ) {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        guard case .telegramChat(let chat) = message.recipient else {
            throw ProviderHTTP.wrongRecipient(message, provider: provider, expected: .telegram)
        }
        guard !credentials.token.isEmpty, !credentials.token.contains("/"), !credentials.token.contains("?") else {
            throw MessageSendError(.authRejected, provider: provider, message: "the bot token is malformed")
        }
        var body: [String: Any] = ["chat_id": Int64(chat).map { $0 as Any } ?? chat, "text": message.text]
        if let parseMode = message.parseMode { body["parse_mode"] = parseMode.rawValue }
        if let keyboard = message.inlineKeyboard, !keyboard.isEmpty {
            body["reply_markup"] = ["inline_keyboard": keyboard.map { row in row.map(Self.button) }]
        }
        let response = try await ProviderHTTP.exchange(
            transport,
            OutboundRequest(
                method: "POST", url: baseURL.appendingPathComponent("bot\(credentials.token)/sendMessage"),
                headers: [("Content-Type", "application/json")], body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]),
                timeout: timeout),
            provider: provider)
        let json = ProviderHTTP.jsonObject(response.body)
        if let json, json["ok"] as? Bool == true {
            guard let result = json["result"] as? [String: Any], let messageId = result["message_id"] as? Int else {
                throw MessageSendError(.providerUnavailable, provider: provider, message: "the answer has no message_id")
            }
            // message_id is unique within its chat only.
            let chatId = ((result["chat"] as? [String: Any])?["id"] as? Int).map(String.init) ?? chat
            return MessageReceipt(provider: provider, providerMessageId: "\(chatId):\(messageId)", status: .delivered)
        }
        throw Self.failure(response, json: json, token: credentials.token)
    }

    public func status(providerMessageId: String) async throws -> DeliveryStatus? { nil }

    static func button(_ button: InlineKeyboardButton) -> [String: Any] {
        switch button.action {
        case .url(let url): ["text": button.text, "url": url]
        case .callbackData(let data): ["text": button.text, "callback_data": data]
        }
    }

    /// A Bot API refusal (`{"ok": false, "error_code", "description", "parameters"}`) as a send error,
    /// the token scrubbed from Telegram's description. `TelegramBotAPI` maps its answers the same way.
    static func failure(_ response: OutboundResponse, json: [String: Any]?, token: String) -> MessageSendError {
        let code = (json?["error_code"] as? Int) ?? response.status
        let description = ProviderHTTP.excerpt(json?["description"] as? String).map { redacted($0, token: token) } ?? "HTTP \(response.status)"
        let retryAfter = ((json?["parameters"] as? [String: Any])?["retry_after"] as? Int).map { Duration.seconds($0) }
        let lower = description.lowercased()
        let reason: MessageSendError.Reason
        switch code {
        case 429: reason = .rateLimited
        case 500...599: reason = .providerUnavailable
        case 401, 404: reason = .authRejected  // an unknown or revoked token answers 401 (or 404 for a malformed one)
        case 403: reason = .blocked  // bot blocked by the user, kicked from the group, user deactivated
        case 400 where lower.contains("chat not found") || lower.contains("user not found") || lower.contains("peer_id_invalid"):
            reason = .badRecipient
        default: reason = json == nil ? .providerUnavailable : .invalidRequest
        }
        return MessageSendError(reason, provider: "telegram", code: String(code), message: description, retryAfter: retryAfter)
    }

    static func redacted(_ text: String, token: String) -> String {
        token.isEmpty ? text : text.replacingOccurrences(of: token, with: "<token>")
    }
}
