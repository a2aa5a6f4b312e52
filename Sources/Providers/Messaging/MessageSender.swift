/// One provider on one channel: SMS Aero and SMSC (sms), Mailgun and SMTP (email), the Telegram
/// Bot API (telegram). Implementations throw `MessageSendError` only, so the caller can tell a
/// failure to fall back from (`permanent`) from one to retry (`temporary`).
public protocol MessageSender: Sendable {
    /// Stable provider name stored with each message (`smsaero`, `smsc`, `mailgun`, `smtp`, `telegram`).
    var provider: String { get }
    var channel: MessageChannel { get }

    /// Hands one message to the provider. A recipient of another channel is a permanent `invalidRequest`.
    func send(_ message: OutboundMessage) async throws -> MessageReceipt

    /// Asks the provider where a sent message stands; nil when the provider has no status API.
    func status(providerMessageId: String) async throws -> DeliveryStatus?
}
