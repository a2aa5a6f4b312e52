/// Why a provider did not take a message. The caller acts on `kind`:
/// - `permanent`: sending the same message again will fail again (bad recipient, credentials
///   rejected, blocked, balance exhausted, content refused) — fall back to the next channel;
/// - `temporary`: the provider or the network was not available (timeout, connection, 5xx, 429)
///   — retry later, after `retryAfter` when the provider said so.
///
/// `message` is the provider's own text (or the transport's); it never contains credentials.
public struct MessageSendError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case permanent
        case temporary
    }

    public enum Reason: String, Sendable, Equatable {
        // permanent
        case badRecipient = "bad_recipient"
        case authRejected = "auth_rejected"
        /// The recipient blocked us (Telegram bot blocked) or the provider forbids this sender or text.
        case blocked
        case insufficientBalance = "insufficient_balance"
        /// The request itself is wrong (missing field, bad format, unknown domain): a configuration or programming error.
        case invalidRequest = "invalid_request"
        // temporary
        case timeout
        case connection
        /// 5xx, or an answer that could not be read.
        case providerUnavailable = "provider_unavailable"
        case rateLimited = "rate_limited"

        public var kind: Kind {
            switch self {
            case .badRecipient, .authRejected, .blocked, .insufficientBalance, .invalidRequest: .permanent
            case .timeout, .connection, .providerUnavailable, .rateLimited: .temporary
            }
        }
    }

    public var reason: Reason
    public var provider: String
    /// The provider's error code (`error_code`, HTTP or SMTP status), when it gave one.
    public var code: String?
    public var message: String
    /// How long the provider asked us to wait (Telegram `retry_after`, HTTP `Retry-After`).
    public var retryAfter: Duration?

    public init(_ reason: Reason, provider: String, code: String? = nil, message: String, retryAfter: Duration? = nil) {
        self.reason = reason
        self.provider = provider
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var kind: Kind { reason.kind }
    public var isPermanent: Bool { kind == .permanent }

    public var description: String {
        "\(provider): \(kind.rawValue) failure (\(reason.rawValue)\(code.map { ", code \($0)" } ?? "")): \(message)"
    }
}
