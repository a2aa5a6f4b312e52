import CRMCore

/// Telegram's reply markups as the Bot API spells them.
enum TelegramKeyboard {
    struct Button: Sendable {
        var text: String
        var data: String?
        var url: String?
        var webApp: String?

        init(text: String, data: String) {
            self.text = text
            self.data = data
        }

        init(text: String, url: String) {
            self.text = text
            self.url = url
        }

        /// Opens the studio's Mini App inside Telegram.
        init(text: String, webApp: String) {
            self.text = text
            self.webApp = webApp
        }

        var json: JSONValue {
            var object: [String: JSONValue] = ["text": .string(text)]
            if let webApp { object["web_app"] = .object(["url": .string(webApp)]) } else if let url { object["url"] = .string(url) } else if let data { object["callback_data"] = .string(data) }
            return .object(object)
        }
    }

    static func inline(_ rows: [[Button]]) -> JSONValue {
        .object(["inline_keyboard": .array(rows.map { .array($0.map(\.json)) })])
    }

    /// The one-time keyboard with Telegram's "share my phone number" button.
    static func contactRequest(_ label: String) -> JSONValue {
        .object([
            "keyboard": .array([.array([.object(["text": .string(label), "request_contact": .bool(true)])])]),
            "one_time_keyboard": .bool(true), "resize_keyboard": .bool(true),
        ])
    }

    static let removeKeyboard = JSONValue.object(["remove_keyboard": .bool(true)])
}
