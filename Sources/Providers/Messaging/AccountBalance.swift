/// Money left on a provider account, as its balance call reports it (what an integration check
/// shows the owner: a connected SMS account with nothing on it sends nothing).
public struct AccountBalance: Sendable, Equatable, CustomStringConvertible {
    /// Kopecks, cents: the provider's decimal amount rounded half-up to two decimals.
    public var minorUnits: Int64
    /// ISO 4217 as the provider names it (`RUB`, `usd`).
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads a provider's decimal amount (`"337.03"`, `337.03`) the way costs are read.
    static func parse(_ value: Any?, currency: String) -> AccountBalance? {
        ProviderCost.parse(value, currency: currency).map { AccountBalance(minorUnits: $0.minorUnits, currency: $0.currency) }
    }

    /// `337.03 RUB`.
    public var description: String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents) \(currency.uppercased())"
    }
}
