/// Where a message goes: the address form depends on the channel.
public enum MessageRecipient: Sendable, Equatable {
    /// E.164, `+79991234567`.
    case phone(String)
    case email(String)
    /// A Telegram chat id (`123456789`, `-1001234567890`) or a public `@channelusername`.
    case telegramChat(String)

    public var channel: MessageChannel {
        switch self {
        case .phone: .sms
        case .email: .email
        case .telegramChat: .telegram
        }
    }
}

/// How Telegram reads the text (Bot API `parse_mode`).
public enum TelegramParseMode: String, Sendable, Equatable {
    case html = "HTML"
    case markdownV2 = "MarkdownV2"
}

/// One button of a Telegram inline keyboard: it opens a URL or sends callback data to the bot.
public struct InlineKeyboardButton: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case url(String)
        /// 1–64 bytes, delivered back to the bot in a `callback_query`.
        case callbackData(String)
    }

    public var text: String
    public var action: Action

    public init(text: String, action: Action) {
        self.text = text
        self.action = action
    }
}

/// One outbound message on one channel. Channel-specific parts are ignored by the other
/// channels: `subject` and `html` only matter for email, `parseMode` and `inlineKeyboard` only
/// for Telegram.
public struct OutboundMessage: Sendable, Equatable {
    public var recipient: MessageRecipient
    /// The body: the SMS text, the email's plain-text part, the Telegram message.
    public var text: String
    public var subject: String?
    public var html: String?
    public var parseMode: TelegramParseMode?
    /// Rows of buttons.
    public var inlineKeyboard: [[InlineKeyboardButton]]?

    public init(
        recipient: MessageRecipient, text: String, subject: String? = nil, html: String? = nil, parseMode: TelegramParseMode? = nil,
        inlineKeyboard: [[InlineKeyboardButton]]? = nil
    ) {
        self.recipient = recipient
        self.text = text
        self.subject = subject
        self.html = html
        self.parseMode = parseMode
        self.inlineKeyboard = inlineKeyboard
    }

    public var channel: MessageChannel { recipient.channel }

    public static func sms(to phone: String, text: String) -> OutboundMessage {
        OutboundMessage(recipient: .phone(phone), text: text)
    }

    public static func email(to address: String, subject: String, text: String, html: String? = nil) -> OutboundMessage {
        OutboundMessage(recipient: .email(address), text: text, subject: subject, html: html)
    }

    public static func telegram(
        chat: String, text: String, parseMode: TelegramParseMode? = nil, inlineKeyboard: [[InlineKeyboardButton]]? = nil
    ) -> OutboundMessage {
        OutboundMessage(recipient: .telegramChat(chat), text: text, parseMode: parseMode, inlineKeyboard: inlineKeyboard)
    }
}
