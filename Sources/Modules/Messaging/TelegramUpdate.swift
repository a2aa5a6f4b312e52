import Foundation

/// The parts of a Telegram `Update` the studio uses: a message (text, or a shared contact) and
/// the press of an inline button (`callback_query`).
public struct TelegramUpdate: Sendable, Equatable {
    public struct Sender: Sendable, Equatable {
        public var id: Int64
        public var firstName: String
        public var lastName: String?
        public var languageCode: String?
    }

    /// A phone number shared with Telegram's contact button.
    public struct Contact: Sendable, Equatable {
        public var phone: String
        public var firstName: String
        public var lastName: String?
        /// The Telegram user the contact belongs to; the bot accepts only the sender's own.
        public var userId: Int64?
    }

    /// The press of an inline button.
    public struct Callback: Sendable, Equatable {
        public var id: String
        public var data: String
        /// The bot's message that carried the button.
        public var messageId: Int64?
    }

    public let updateId: Int64
    public let messageId: Int64?
    public let chatId: String?
    /// `private`, `group`, `supergroup` or `channel`.
    public let chatType: String?
    public let text: String?
    public let from: Sender?
    public let contact: Contact?
    public let callback: Callback?

    public init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let id = Self.integer(object["update_id"]) else {
            return nil
        }
        updateId = id
        let query = object["callback_query"] as? [String: Any]
        let message = (object["message"] ?? object["edited_message"]) as? [String: Any] ?? (query?["message"] as? [String: Any])
        let chat = message?["chat"] as? [String: Any]
        chatId = Self.integer(chat?["id"]).map(String.init)
        chatType = chat?["type"] as? String
        if let query, let queryId = query["id"] as? String {
            callback = Callback(id: queryId, data: query["data"] as? String ?? "", messageId: Self.integer(message?["message_id"]))
            messageId = nil
            text = nil
            contact = nil
            from = Self.sender(query["from"])
            return
        }
        callback = nil
        messageId = Self.integer(message?["message_id"])
        text = message?["text"] as? String
        from = Self.sender(message?["from"])
        if let shared = message?["contact"] as? [String: Any], let phone = shared["phone_number"] as? String {
            contact = Contact(
                phone: phone, firstName: shared["first_name"] as? String ?? "", lastName: shared["last_name"] as? String,
                userId: Self.integer(shared["user_id"]))
        } else {
            contact = nil
        }
    }

    /// `/start <token>` (a deep link `t.me/<bot>?start=<token>`).
    public var startParameter: String? {
        guard let text, text.hasPrefix("/start ") else { return nil }
        let token = text.dropFirst("/start ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// The command of a message (`/start`, `/book`, …) without its argument or `@bot` suffix.
    public var command: String? {
        guard let text, text.hasPrefix("/") else { return nil }
        let word = text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? text
        return String(word.split(separator: "@").first ?? Substring(word)).lowercased()
    }

    static func sender(_ value: Any?) -> Sender? {
        guard let object = value as? [String: Any], let id = integer(object["id"]) else { return nil }
        return Sender(
            id: id, firstName: object["first_name"] as? String ?? "", lastName: object["last_name"] as? String,
            languageCode: object["language_code"] as? String)
    }

    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: Int64(number)
        case let number as Int64: number
        case let number as Double where number == number.rounded(): Int64(number)
        default: nil
        }
    }
}
