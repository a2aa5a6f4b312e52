import CRMCore
import Foundation
import Testing
import TestSupport

@Suite struct CatalogAndLocaleTests {
    static let langDirectory = TestPaths.packageRoot.appendingPathComponent("lang")

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

/// Every error code the sources can raise has a message in the catalog (else users would see the key).
@Suite struct ErrorCodeCatalogTests {
    @Test func everyErrorCodeRaisedInTheSourcesHasAMessage() throws {
        let root = CatalogAndLocaleTests.langDirectory.deletingLastPathComponent()
        let catalog = try MessageCatalog.load(from: CatalogAndLocaleTests.langDirectory, defaultLocale: .ru)
        let keys = catalog.keys(for: .en)
        let pattern = try Regex(#"(?:\.(?:unauthorized|forbidden|conflict|notFound|badRequest|unprocessable|serviceUnavailable)\(|status: \.[A-Za-z]+, code: )"([a-z_]+)""#)
        var missing: [String] = []
        var checked: Set<String> = []
        let sources = FileManager.default.enumerator(at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
        while let file = sources?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let code = String(match.output[1].substring ?? "")
                checked.insert(code)
                if !keys.contains("error.\(code)") { missing.append("\(file.lastPathComponent): \(code)") }
            }
        }
        #expect(checked.isSuperset(of: ["invalid_credentials", "csrf_token_invalid", "feature_not_allowed"]), "the scan found \(checked)")
        #expect(missing.isEmpty, "codes without a message: \(missing)")
    }
}
