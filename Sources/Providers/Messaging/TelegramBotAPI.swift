import Foundation

/// The Bot API calls that manage the studio's bot itself rather than its messages: `getMe` (whose
/// token this is, and the bot's `@username`), `setWebhook` (where Telegram delivers updates, with
/// the secret it repeats in `X-Telegram-Bot-Api-Secret-Token`) and `deleteWebhook`. Same wire
/// format, error mapping and token hygiene as `TelegramBotSender`: `POST {base}/bot<token>/<method>`
/// with a JSON body, the answer `{"ok": true, "result": …}`; no error text contains the URL.
public struct TelegramBotAPI: Sendable {
    /// The bot `getMe` describes.
    public struct Bot: Sendable, Equatable {
        public var id: Int64
        /// `@name` without the `@`; every bot has one, but the field is optional in the API.
        public var username: String?
        public var firstName: String

        public init(id: Int64, username: String?, firstName: String) {
            self.id = id
            self.username = username
            self.firstName = firstName
        }
    }

    /// The update types the studio's webhook reads (TelegramWebhookController): messages, and the
    /// presses of the booking conversation's inline buttons.
    public static let allowedUpdates = ["message", "edited_message", "callback_query"]

    /// The methods the booking conversation's queued calls may use (`perform`).
    public static let conversationMethods: Set<String> = ["sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"]

    let transport: any HTTPTransport
    let credentials: TelegramBotSender.Credentials
    let baseURL: URL
    let timeout: Duration

    public init(
        transport: any HTTPTransport, credentials: TelegramBotSender.Credentials, baseURL: URL = TelegramBotSender.defaultBaseURL,
        timeout: Duration = .seconds(15)
    ) {
        self.transport = transport
        self.credentials = credentials
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// Who the token belongs to; a revoked or unknown token is a permanent `authRejected`.
    public func getMe() async throws -> Bot {
        let result = try await call("getMe", body: [:])
        guard let object = result as? [String: Any], let id = (object["id"] as? NSNumber)?.int64Value else {
            throw MessageSendError(.providerUnavailable, provider: "telegram", message: "the answer has no bot")
        }
        return Bot(id: id, username: object["username"] as? String, firstName: object["first_name"] as? String ?? "")
    }

    /// Points the bot's updates at `url`; Telegram sends `secretToken` back with each of them.
    /// Telegram accepts only HTTPS URLs on ports 443, 80, 88 and 8443 (a refusal is a permanent
    /// `invalidRequest` carrying Telegram's reason).
    public func setWebhook(url: String, secretToken: String, allowedUpdates: [String] = TelegramBotAPI.allowedUpdates) async throws {
        _ = try await call("setWebhook", body: ["url": url, "secret_token": secretToken, "allowed_updates": allowedUpdates])
    }

    /// The button beside the chat's input field opens `url` as the bot's Web App (`setChatMenuButton`
    /// for every private chat of the bot).
    public func setMenuButton(text: String, url: String) async throws {
        _ = try await call("setChatMenuButton", body: ["menu_button": ["type": "web_app", "text": text, "web_app": ["url": url]]])
    }

    /// Stops the webhook; Telegram then keeps updates for `getUpdates`, which we never call.
    public func deleteWebhook() async throws {
        _ = try await call("deleteWebhook", body: [:])
    }

    /// One queued call of the booking conversation, its JSON body as stored; only
    /// `conversationMethods`. Telegram's "message is not modified" refusal of an edit counts as done.
    public func perform(_ method: String, json body: Data) async throws {
        guard Self.conversationMethods.contains(method) else {
            throw MessageSendError(.invalidRequest, provider: "telegram", message: "\(method) is not a conversation method")
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw MessageSendError(.invalidRequest, provider: "telegram", message: "the call's body is not a JSON object")
        }
        do {
            _ = try await call(method, body: object)
        } catch let error as MessageSendError where error.reason == .invalidRequest && error.message.contains("message is not modified") {
            return
        }
    }

    /// The Mini App's `initData` checked with this bot's token (`TelegramInitData.verify`).
    public func verifiedInitData(_ raw: String, now: Date, maxAge: TimeInterval = TelegramInitData.defaultMaxAge) -> TelegramInitData? {
        TelegramInitData.verify(raw, botToken: credentials.token, now: now, maxAge: maxAge)
    }

    private func call(_ method: String, body: [String: Any]) async throws -> Any {
        guard !credentials.token.isEmpty, !credentials.token.contains("/"), !credentials.token.contains("?") else {
            throw MessageSendError(.authRejected, provider: "telegram", message: "the bot token is malformed")
        }
        let response = try await ProviderHTTP.exchange(
            transport,
            OutboundRequest(
                method: "POST", url: baseURL.appendingPathComponent("bot\(credentials.token)/\(method)"),
                headers: [("Content-Type", "application/json")], body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]),
                timeout: timeout),
            provider: "telegram")
        let json = ProviderHTTP.jsonObject(response.body)
        if let json, json["ok"] as? Bool == true, let result = json["result"] { return result }
        throw TelegramBotSender.failure(response, json: json, token: credentials.token)
    }
}
