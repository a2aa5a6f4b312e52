import CRMCore
import Foundation
import Testing

@Suite struct CatalogAndLocaleTests {
    static let langDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lang")

    @Test func everyKeyExistsInEveryLanguage() throws {
        let catalog = try MessageCatalog.load(from: Self.langDirectory, defaultLocale: .ru)
        let ru = catalog.keys(for: .ru)
        let en = catalog.keys(for: .en)
        #expect(!ru.isEmpty)
        #expect(ru.subtracting(en).isEmpty, "missing in en.json: \(ru.subtracting(en).sorted())")
        #expect(en.subtracting(ru).isEmpty, "missing in ru.json: \(en.subtracting(ru).sorted())")
    }

    @Test func messagesFallBackAndFillPlaceholders() {
        let catalog = MessageCatalog(
            messages: [.ru: ["greet": "Привет, {name}!", "only.ru": "только"], .en: ["greet": "Hello, {name}!"]], defaultLocale: .ru)
        #expect(catalog.message("greet", locale: .en, arguments: ["name": "Anna"]) == "Hello, Anna!")
        #expect(catalog.message("only.ru", locale: .en) == "только")
        #expect(catalog.message("missing.key", locale: .en) == "missing.key")
    }

    @Test(arguments: [
        ("en-GB,en;q=0.9,ru;q=0.8", AppLocale.en),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", .ru),
        ("de-DE,de;q=0.9,en;q=0.5,ru;q=0.7", .ru),
        ("fr;q=1.0, en;q=0.1", .en),
        ("en;q=0, ru;q=0.2", .ru),
    ])
    func acceptLanguageHonoursQValues(header: String, expected: AppLocale) {
        #expect(LocaleNegotiation.preferred(acceptLanguage: header) == expected)
    }

    @Test func unsupportedOrMissingLanguageGivesNoPreference() {
        #expect(LocaleNegotiation.preferred(acceptLanguage: nil) == nil)
        #expect(LocaleNegotiation.preferred(acceptLanguage: "de, fr;q=0.5") == nil)
        #expect(LocaleNegotiation.preferred(acceptLanguage: "en;q=0") == nil)
    }
}
