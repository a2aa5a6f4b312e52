import CRMCore
import Foundation
import Testing

@testable import CRMServer

@Suite struct ConfigTests {
    let root = URL(fileURLWithPath: "/tmp")

    @Test func defaultsAreTheDocumentedOnes() throws {
        let config = try AppConfig.load(
            from: ConfigSources.reader(values: ["secret.key": String(repeating: "k", count: 32)]), rootDirectory: root, secretKeyStore: nil)
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.databaseURL == nil)
        #expect(config.sqlitePath == "var/veloria.sqlite")
        #expect(config.sqliteFile.path == "/tmp/var/veloria.sqlite", "a relative path lives under the root")
        #expect(config.appTimezone == "Europe/London")
        #expect(config.appLocale == .ru)
        #expect(config.appCurrency == "RUB")
        #expect(config.publicBaseURL == "http://localhost:8080")
        #expect(config.redisURL == nil)
    }

    @Test func anAbsoluteSQLitePathIsUsedAsGiven() throws {
        let config = try AppConfig.load(
            from: ConfigSources.reader(values: ["secret.key": String(repeating: "k", count: 32), "sqlite.path": "/srv/veloria/db.sqlite"]),
            rootDirectory: root, secretKeyStore: nil)
        #expect(config.sqliteFile.path == "/srv/veloria/db.sqlite")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let reader = ConfigSources.reader(values: [
            "database.url": "postgres://u:p@127.0.0.1/db", "port": "70000", "app.timezone": "Mars/Olympus", "app.locale": "de",
            "app.currency": "rubles",
        ])
        let error = try #require(throws: ConfigError.self) {
            try AppConfig.load(from: reader, rootDirectory: root, secretKeyStore: nil)
        }
        let text = error.problems.joined(separator: "\n")
        #expect(error.problems.count == 5, "\(text)")
        for key in ["SECRET_KEY", "PORT", "APP_TIMEZONE", "APP_LOCALE", "APP_CURRENCY"] {
            #expect(text.contains(key), "missing \(key) in \(text)")
        }
    }

    @Test func embeddedInstallationsGenerateTheirSecretKeyOnceAndReuseIt() throws {
        // given
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("veloria-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SecretKeyStore(file: folder.appendingPathComponent("var/secret.key"))
        // when
        let first = try AppConfig.load(from: ConfigSources.reader(values: [:]), rootDirectory: root, secretKeyStore: store).secretKey
        let second = try AppConfig.load(from: ConfigSources.reader(values: [:]), rootDirectory: root, secretKeyStore: store).secretKey
        // then
        #expect(first.count == 64)
        #expect(first == second)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func providerBaseURLsDefaultToThePublicAPIsAndCanBePointedElsewhere() throws {
        // given
        let key = String(repeating: "k", count: 32)
        let defaults = try AppConfig.load(from: ConfigSources.reader(values: ["secret.key": key]), rootDirectory: root, secretKeyStore: nil)
        // when
        let moved = try AppConfig.load(
            from: ConfigSources.reader(values: [
                "secret.key": key, "smsaero.base.url": "https://gate.smsaero.org", "telegram.base.url": "http://127.0.0.1:8081",
                "smartcaptcha.base.url": "http://127.0.0.1:8082", "rate.limit.bookings": "4", "rate.limit.signups": "200",
            ]), rootDirectory: root, secretKeyStore: nil)
        let bad = try #require(throws: ConfigError.self) {
            try AppConfig.load(
                from: ConfigSources.reader(values: ["secret.key": key, "stripe.base.url": "ftp://stripe"]), rootDirectory: root, secretKeyStore: nil)
        }
        // then
        #expect(defaults.providerEndpoints.smsaero.absoluteString == "https://gate.smsaero.ru")
        #expect(defaults.providerEndpoints.stripe.absoluteString == "https://api.stripe.com")
        #expect(defaults.providerEndpoints.mailgun == nil)
        #expect(moved.providerEndpoints.smsaero.absoluteString == "https://gate.smsaero.org")
        #expect(moved.providerEndpoints.telegram.absoluteString == "http://127.0.0.1:8081")
        #expect(moved.providerEndpoints.smsc == defaults.providerEndpoints.smsc)
        #expect(defaults.providerEndpoints.smartcaptcha.absoluteString == "https://smartcaptcha.yandexcloud.net")
        #expect(moved.providerEndpoints.smartcaptcha.absoluteString == "http://127.0.0.1:8082")
        #expect(defaults.rateLimits.bookingsPerHour == 10 && moved.rateLimits.bookingsPerHour == 4)
        #expect(defaults.rateLimits.signupsPerHour == 20 && moved.rateLimits.signupsPerHour == 200)
        #expect(bad.problems == ["STRIPE_BASE_URL must be an http(s) URL"])
    }

    @Test func commandLineOverridesWin() async throws {
        let reader = try await ConfigSources.reader(
            overrides: ["port": "9191", "secret.key": String(repeating: "z", count: 40)], environmentFile: "/nonexistent/.env")
        let config = try AppConfig.load(from: reader, rootDirectory: root, secretKeyStore: nil)
        #expect(config.port == 9191)
    }
}
