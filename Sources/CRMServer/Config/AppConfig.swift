import CRMCore
import Configuration
import Foundation
import Logging
import Providers

/// Typed configuration, built once at boot from swift-configuration (command line, environment,
/// `.env`, defaults). Every problem is collected and reported at once.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    /// PostgreSQL when set; otherwise the embedded SQLite file at `sqlitePath`.
    public var databaseURL: String?
    public var sqlitePath: String
    public var redisURL: String?
    /// Fallback zone for a new tenant that names none.
    public var appTimezone: String
    public var appLocale: AppLocale
    public var appCurrency: String
    public var publicBaseURL: String
    public var secretKey: String
    public var logLevel: Logger.Level
    public var metricsToken: String?
    public var dbPoolSize: Int
    /// bcrypt work factor for new password hashes (10 at least).
    public var bcryptCost: Int
    /// Job workers `serve` runs in process (`--workers`, WORKERS); 0 leaves jobs to `veloria worker`.
    public var workers: Int = 2
    /// Where the providers' APIs are reached (`SMSAERO_BASE_URL`, … `STRIPE_BASE_URL`); their public endpoints by default.
    public var providerEndpoints = ProviderEndpoints()
    /// The API's request budgets per minute (`RATE_LIMIT_READS`, `_WRITES`, `_PUBLIC`, `_IP`) and
    /// online bookings and sign-ups per IP address an hour (`RATE_LIMIT_BOOKINGS`, `RATE_LIMIT_SIGNUPS`).
    public var rateLimits = RateLimits.defaults
    /// The deployment's sender of account emails (`MAIL_URL`); nil: they are not sent, and the
    /// server says so at boot.
    public var mail: MailURL?
    /// Where `public/`, `lang/` and `docs/` are found (`ResourceRoot`); `var/` lives there too.
    public var rootDirectory: URL
    /// Where the owners' data exports are written, one folder per tenant (`EXPORTS_DIRECTORY`;
    /// relative to the root unless absolute; `var/exports` by default).
    public var exportsPath = "var/exports"

    public var publicDirectory: URL { rootDirectory.appendingPathComponent("public") }
    public var langDirectory: URL { rootDirectory.appendingPathComponent("lang") }
    /// The embedded database file: `sqlitePath` as given when absolute, else under the root.
    public var sqliteFile: URL {
        sqlitePath.hasPrefix("/") ? URL(fileURLWithPath: sqlitePath) : rootDirectory.appendingPathComponent(sqlitePath)
    }
    public var openAPIFile: URL { rootDirectory.appendingPathComponent("docs/openapi.json") }
    /// One OpenAPI fragment per module, merged into `openAPIFile` at boot.
    public var openAPIFragments: URL { rootDirectory.appendingPathComponent("docs/openapi") }
    public var exportsDirectory: URL {
        exportsPath.hasPrefix("/") ? URL(fileURLWithPath: exportsPath, isDirectory: true) : rootDirectory.appendingPathComponent(exportsPath)
    }
    public var usesEmbeddedDatabase: Bool { databaseURL == nil }
    public var redisEndpoint: RedisEndpoint? { redisURL.flatMap(RedisEndpoint.init(url:)) }

    /// Reads and validates every key; throws `ConfigError` listing all problems.
    /// `secretKeyStore` supplies (or creates) the key of an embedded installation.
    public static func load(from reader: ConfigReader, rootDirectory: URL, secretKeyStore: SecretKeyStore?) throws -> AppConfig {
        var problems: [String] = []
        let host = reader.string(forKey: "host", default: "127.0.0.1")
        // Numbers are read as text and parsed here, so a malformed value is reported, not replaced by the default.
        let portText = reader.string(forKey: "port", default: "8080")
        let port = Int(portText) ?? -1
        if !(0...65535).contains(port) { problems.append("PORT must be 0…65535 (got \(portText))") }
        let databaseURL = reader.string(forKey: "database.url", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            problems.append("DATABASE_URL must be a postgres:// URL")
        }
        let sqlitePath = reader.string(forKey: "sqlite.path", default: "var/veloria.sqlite")
        let redisURL = reader.string(forKey: "redis.url", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let redisURL, RedisEndpoint(url: redisURL) == nil { problems.append("REDIS_URL must look like redis://host:port[/db]") }
        let timezone = reader.string(forKey: "app.timezone", default: "Europe/London")
        if TenantTime.zone(named: timezone) == nil { problems.append("APP_TIMEZONE must be an IANA zone name (got \(timezone))") }
        let localeText = reader.string(forKey: "app.locale", default: "ru")
        let locale = AppLocale(rawValue: localeText)
        if locale == nil { problems.append("APP_LOCALE must be ru or en (got \(localeText))") }
        let currency = reader.string(forKey: "app.currency", default: "RUB").uppercased()
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
            problems.append("APP_CURRENCY must be an ISO 4217 code (got \(currency))")
        }
        let publicBaseURL = reader.string(forKey: "public.base.url", default: "http://localhost:\(max(port, 0))")
        if URL(string: publicBaseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            problems.append("PUBLIC_BASE_URL must be an http(s) URL")
        }
        let levelText = reader.string(forKey: "log.level", default: "info")
        let logLevel = Logger.Level(rawValue: levelText.lowercased())
        if logLevel == nil { problems.append("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical") }
        let poolSizeText = reader.string(forKey: "db.pool.size", default: "4")
        let poolSize = Int(poolSizeText) ?? -1
        if !(1...64).contains(poolSize) { problems.append("DB_POOL_SIZE must be 1…64 (got \(poolSizeText))") }

        let bcryptText = reader.string(forKey: "bcrypt.cost", default: "12")
        let bcryptCost = Int(bcryptText) ?? -1
        if !(10...16).contains(bcryptCost) { problems.append("BCRYPT_COST must be 10…16 (got \(bcryptText))") }

        let workersText = reader.string(forKey: "workers", default: "2")
        let workers = Int(workersText) ?? -1
        if !(0...64).contains(workers) { problems.append("WORKERS must be 0…64 (got \(workersText))") }

        var secretKey = reader.string(forKey: "secret.key", isSecret: true) ?? ""
        if secretKey.isEmpty {
            if databaseURL != nil {
                problems.append("SECRET_KEY is required when DATABASE_URL is set")
            } else if let secretKeyStore {
                do { secretKey = try secretKeyStore.loadOrCreate() } catch { problems.append("SECRET_KEY could not be generated: \(error)") }
            } else {
                problems.append("SECRET_KEY is required")
            }
        } else if secretKey.utf8.count < 32 {
            problems.append("SECRET_KEY must be at least 32 characters")
        }
        let endpoints = providerEndpoints(reader, problems: &problems)
        var rateLimits = RateLimits.defaults
        func budget(_ name: String, _ fallback: Int) -> Int {
            let text = reader.string(forKey: ConfigKey("rate.limit.\(name)"), default: String(fallback))
            guard let value = Int(text), value >= 0 else {
                problems.append("RATE_LIMIT_\(name.uppercased()) must be a whole number ≥ 0 (got \(text)); 0 turns it off")
                return fallback
            }
            return value
        }
        rateLimits.reads = budget("reads", rateLimits.reads)
        rateLimits.writes = budget("writes", rateLimits.writes)
        rateLimits.publicRequests = budget("public", rateLimits.publicRequests)
        rateLimits.perIP = budget("ip", rateLimits.perIP)
        rateLimits.bookingsPerHour = budget("bookings", rateLimits.bookingsPerHour)
        rateLimits.signupsPerHour = budget("signups", rateLimits.signupsPerHour)
        var mail: MailURL?
        if let text = reader.string(forKey: "mail.url", isSecret: true).flatMap({ $0.isEmpty ? nil : $0 }) {
            do { mail = try MailURL.parse(text) } catch { problems.append(error.description) }
        }
        guard problems.isEmpty, let locale, let logLevel else { throw ConfigError(problems: problems) }

        var config = AppConfig(
            host: host, port: port, databaseURL: databaseURL, sqlitePath: sqlitePath, redisURL: redisURL, appTimezone: timezone,
            appLocale: locale, appCurrency: currency, publicBaseURL: publicBaseURL, secretKey: secretKey, logLevel: logLevel,
            metricsToken: reader.string(forKey: "metrics.token", isSecret: true).flatMap { $0.isEmpty ? nil : $0 },
            dbPoolSize: poolSize, bcryptCost: bcryptCost, rootDirectory: rootDirectory)
        config.workers = workers
        config.providerEndpoints = endpoints
        config.mail = mail
        config.rateLimits = rateLimits
        config.exportsPath = reader.string(forKey: "exports.directory", default: "var/exports")
        return config
    }

    /// `<PROVIDER>_BASE_URL` overrides of the providers' public endpoints (a backup gate, a proxy).
    static func providerEndpoints(_ reader: ConfigReader, problems: inout [String]) -> ProviderEndpoints {
        func url(_ name: String) -> URL? {
            guard let text = reader.string(forKey: ConfigKey("\(name).base.url")).flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                problems.append("\(name.uppercased())_BASE_URL must be an http(s) URL")
                return nil
            }
            return url
        }
        var endpoints = ProviderEndpoints()
        if let url = url("smsaero") { endpoints.smsaero = url }
        if let url = url("smsc") { endpoints.smsc = url }
        if let url = url("mailgun") { endpoints.mailgun = url }
        if let url = url("telegram") { endpoints.telegram = url }
        if let url = url("yookassa") { endpoints.yookassa = url }
        if let url = url("stripe") { endpoints.stripe = url }
        if let url = url("smartcaptcha") { endpoints.smartcaptcha = url }
        return endpoints
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "configuration is invalid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
