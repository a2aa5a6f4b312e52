import Foundation

/// The supported interface languages (SPEC §14: `ru` default, `en`).
public enum AppLocale: String, Sendable, Codable, CaseIterable {
    case ru
    case en
}

/// User-facing strings from `lang/<locale>.json` (flat `key → text`, `{name}` placeholders),
/// loaded once at boot.
public struct MessageCatalog: Sendable {
    public let defaultLocale: AppLocale
    private let messages: [AppLocale: [String: String]]

    public init(messages: [AppLocale: [String: String]], defaultLocale: AppLocale) {
        self.messages = messages
        self.defaultLocale = defaultLocale
    }

    /// Loads every supported locale from `directory`; a missing or malformed file is an error,
    /// so a broken deployment fails at boot rather than showing raw keys.
    public static func load(from directory: URL, defaultLocale: AppLocale) throws -> MessageCatalog {
        var messages: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            let file = directory.appendingPathComponent("\(locale.rawValue).json")
            let data = try Data(contentsOf: file)
            messages[locale] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return MessageCatalog(messages: messages, defaultLocale: defaultLocale)
    }

    /// Every string of `locale`, with the default locale's filling any gap (the web app's strings).
    public func all(for locale: AppLocale) -> [String: String] {
        (messages[defaultLocale] ?? [:]).merging(messages[locale] ?? [:]) { _, own in own }
    }

    public func keys(for locale: AppLocale) -> Set<String> { Set(messages[locale].map { Array($0.keys) } ?? []) }

    /// The text for `key` in `locale`, falling back to the default locale and then to the key
    /// itself; `{name}` placeholders are replaced from `arguments`.
    public func message(_ key: String, locale: AppLocale, arguments: [String: String] = [:]) -> String {
        var text = messages[locale]?[key] ?? messages[defaultLocale]?[key] ?? key
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}

/// Picks the best supported locale from an `Accept-Language` header, honouring q-values.
public enum LocaleNegotiation {
    public static func preferred(acceptLanguage header: String?) -> AppLocale? {
        guard let header, !header.isEmpty else { return nil }
        var best: (locale: AppLocale, quality: Double, order: Int)?
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let language = String(tag.split(separator: "-").first ?? "")
            guard quality > 0, let locale = AppLocale(rawValue: language) else { continue }
            if best == nil || quality > best!.quality {
                best = (locale, quality, order)
            }
        }
        return best?.locale
    }
}
