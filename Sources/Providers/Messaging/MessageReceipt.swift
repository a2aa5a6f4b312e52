import Foundation

/// What a provider charged for a message, when it says so in its answer.
public struct ProviderCost: Sendable, Equatable {
    /// Kopecks, cents: the provider's decimal amount rounded half-up to two decimals.
    public var minorUnits: Int64
    /// ISO 4217, `RUB`.
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads a provider's decimal amount (`"5.49"`, `5.49`, `"1.445"`); nil when absent or unreadable.
    static func parse(_ value: Any?, currency: String) -> ProviderCost? {
        let text: String
        switch value {
        case let string as String: text = string.trimmingCharacters(in: .whitespaces)
        // JSON numbers arrive as NSNumber/Double; Double's description is the shortest exact form ("5.49").
        case let number as Int: text = String(number)
        case let number as Double: text = "\(number)"
        default: return nil
        }
        guard !text.isEmpty, var decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), decimal.isFinite else { return nil }
        decimal *= 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, 0, .plain)
        let minor = NSDecimalNumber(decimal: rounded)
        guard minor.compare(NSDecimalNumber(value: Int64.max)) == .orderedAscending,
            minor.compare(NSDecimalNumber(value: Int64.min)) == .orderedDescending
        else { return nil }
        return ProviderCost(minorUnits: minor.int64Value, currency: currency)
    }
}

/// A provider's acknowledgement of one accepted message.
public struct MessageReceipt: Sendable, Equatable {
    /// Where the message stands when the provider answered.
    public enum Status: String, Sendable, Equatable {
        /// Accepted, waiting in the provider's queue.
        case queued
        /// Handed on (to the operator, the receiving mail server).
        case sent
        /// Already in the recipient's hands (a Telegram message is in the chat once accepted).
        case delivered
    }

    /// `smsaero`, `smsc`, `mailgun`, `smtp`, `telegram`.
    public var provider: String
    /// The id to store and later pass to `MessageSender.status(providerMessageId:)`.
    public var providerMessageId: String
    public var status: Status
    public var cost: ProviderCost?

    public init(provider: String, providerMessageId: String, status: Status, cost: ProviderCost? = nil) {
        self.provider = provider
        self.providerMessageId = providerMessageId
        self.status = status
        self.cost = cost
    }
}
