import CRMCore
import Providers

/// The directories of an installation without integration settings: no sender on any channel,
/// no Telegram bot. Messages then fail with "no provider is configured".
public struct NoMessageSenders: MessageSenderDirectory {
    public init() {}
    public func sender(for channel: MessageChannel, tenant: TenantID) async throws -> (any MessageSender)? { nil }
}

public struct NoTelegramBots: TelegramBotDirectory {
    public init() {}
    public func telegramBot(tenant: TenantID) async throws -> TelegramBotIdentity? { nil }
}
