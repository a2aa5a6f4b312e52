import CRMCore
import Foundation
import Tenancy

/// `locale`: language, timezone and currency live on the tenant row (every layer reads them
/// there); `country` is the default for reading national phone numbers. Changing the timezone
/// or the currency is for the owner only (SPEC §13: every local time of the studio moves).
public struct LocaleSettings: SettingsSection {
    public static let key = SettingsSectionKey.locale
    public static let defaults = LocaleSettings(language: .ru, timezone: "Europe/Moscow", currency: "RUB", country: "RU")
    public static let fieldNames: Set<String> = ["language", "timezone", "currency", "country"]
    /// Currencies the payment providers and money formatting support.
    static let currencies: Set<String> = ["RUB", "KZT", "BYN", "UAH", "USD", "EUR", "GBP"]

    public var language: AppLocale
    public var timezone: String
    public var currency: String
    /// ISO 3166 alpha-2.
    public var country: String

    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if TenantTime.zone(named: timezone) == nil { problems["timezone"] = "invalid" }
        if !Self.currencies.contains(currency) { problems["currency"] = "unsupported" }
        if !PhoneNumber.knows(country: country) || country != country.uppercased() { problems["country"] = "unsupported" }
        return problems
    }

    /// What a studio that never saved this section reads: its tenant row, and the country its
    /// timezone (or else its currency) suggests.
    static func derived(from tenant: Tenant, country: String?) -> LocaleSettings {
        LocaleSettings(
            language: tenant.locale, timezone: tenant.timezone, currency: tenant.currency,
            country: country ?? defaultCountry(timezone: tenant.timezone, currency: tenant.currency))
    }

    static func defaultCountry(timezone: String, currency: String) -> String {
        let byZone: [String: String] = [
            "Europe/London": "GB", "Europe/Kiev": "UA", "Europe/Kyiv": "UA", "Europe/Minsk": "BY", "Asia/Almaty": "KZ", "Asia/Qostanay": "KZ",
            "Europe/Berlin": "DE", "Europe/Paris": "FR",
        ]
        if let country = byZone[timezone] { return country }
        if timezone.hasPrefix("America/") { return "US" }
        let byCurrency = ["GBP": "GB", "UAH": "UA", "BYN": "BY", "KZT": "KZ", "USD": "US"]
        return byCurrency[currency] ?? "RU"
    }
}
