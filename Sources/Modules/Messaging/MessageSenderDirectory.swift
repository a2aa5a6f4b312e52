import CRMCore
import Providers

/// Finds the sender a tenant configured for a channel (integration settings): SMS Aero or SMSC
/// for sms, Mailgun or SMTP for email, the studio's bot for telegram. The messages module asks
/// this at send time, so a changed or disabled integration applies to the next attempt.
public protocol MessageSenderDirectory: Sendable {
    /// The tenant's enabled sender on `channel`; nil when the studio has none configured there.
    func sender(for channel: MessageChannel, tenant: TenantID) async throws -> (any MessageSender)?
}

/// The studio's Telegram bot as the webhook needs it.
public struct TelegramBotIdentity: Sendable, Equatable {
    /// Telegram sends it back in `X-Telegram-Bot-Api-Secret-Token` on every update.
    public var webhookSecret: String
    /// `@name` without the `@`, for `https://t.me/<name>?start=<token>` links; nil until known.
    public var username: String?

    public init(webhookSecret: String, username: String?) {
        self.webhookSecret = webhookSecret
        self.username = username
    }
}

/// The tenant's enabled Telegram bot, for the incoming webhook and chat-linking links.
public protocol TelegramBotDirectory: Sendable {
    func telegramBot(tenant: TenantID) async throws -> TelegramBotIdentity?
    /// The Bot API client of the tenant's enabled bot: the conversation's calls, the Mini App's
    /// `initData` check. Nil without a bot (or when its token no longer opens).
    func telegramAPI(tenant: TenantID) async throws -> TelegramBotAPI?
}

extension TelegramBotDirectory {
    public func telegramAPI(tenant: TenantID) async throws -> TelegramBotAPI? { nil }
}
