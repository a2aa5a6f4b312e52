import CRMCore
import Configuration
import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import Modules
import Providers
import Tenancy
import TestSupport

@testable import CRMServer

/// The repository root, found from this file so tests do not depend on the working directory.
let packageRoot = TestPaths.packageRoot

/// A fixed instant for tests: 2026-06-01 09:00:00 UTC.
let testNow = Date(timeIntervalSince1970: 1_780_304_400)

/// What a test can reach of the running application.
struct TestApp: Sendable {
    let database: Database
    let clock: FixedClock
    let metrics: AppMetrics
    let config: AppConfig
    let catalog: MessageCatalog
    /// Every email the application sent.
    let mail: RecordingEmailSender
    /// The application's job kinds (tests run workers with them: `runDueJobs`).
    let jobs: JobRuntime
}

/// Configuration for tests: valid defaults plus `overrides` (keys like `"metrics.token"`).
func testConfig(_ overrides: [String: String] = [:]) throws -> AppConfig {
    // The lowest bcrypt cost allowed keeps sign-in tests fast in debug builds.
    // Rate limits are off unless a test turns them on: with the fixed clock every request of a
    // test falls in one minute (RateLimitTests prove the limits).
    var values = [
        "secret.key": String(repeating: "s", count: 48), "port": "0", "host": "127.0.0.1", "bcrypt.cost": "10", "workers": "0",
        "rate.limit.reads": "0", "rate.limit.writes": "0", "rate.limit.public": "0", "rate.limit.ip": "0",
        "rate.limit.bookings": "0",
    ]
    values.merge(overrides) { $1 }
    return try AppConfig.load(from: ConfigSources.reader(values: values), rootDirectory: packageRoot, secretKeyStore: nil)
}

/// The provider transports of the whole test process (each owns a thread pool). Every endpoint
/// is a closed local port unless a test names its fake servers, so no test reaches a real provider.
let testProviderClients = ProviderClients(
    http: CurlHTTPTransport(concurrency: 4), smtp: CurlSMTPTransport(concurrency: 2),
    endpoints: ProviderEndpoints(all: URL(string: "http://127.0.0.1:9")!))

/// Runs `body` against the whole application on a database of its own (SQLite, or PostgreSQL
/// when `TEST_DATABASE_URL` is set), migrated, with a fixed clock. `.router` mode drives the
/// router directly; `.live` serves on a real loopback socket. Senders, the Telegram bot and payment
/// providers come from the studios' integration settings, their clients pointed at `providers`
/// (local fake servers); `senders` and `telegramBots` replace them with doubles.
func withTestApp<T: Sendable>(
    _ mode: TestingSetup = .router, config overrides: [String: String] = [:], providers: ProviderEndpoints? = nil,
    senders: (any MessageSenderDirectory)? = nil, telegramBots: (any TelegramBotDirectory)? = nil,
    paymentProviders: (any PaymentProviderDirectory)? = nil, emailSender: (any EmailSender)? = nil, logger: Logger = testLogger,
    _ body: @escaping @Sendable (any TestClientProtocol, TestApp) async throws -> T
) async throws -> T {
    try await TestDatabase.with { database in
        let config = try testConfig(overrides)
        let clock = FixedClock(testNow)
        let mail = RecordingEmailSender()
        var dependencies = AppDependencies(
            database: database, clock: clock, metrics: AppMetrics(),
            catalog: try MessageCatalog.load(from: config.langDirectory, defaultLocale: config.appLocale), logger: logger,
            emailSender: emailSender ?? mail, ownsDatabase: false, providerClients: testProviderClients)
        if let providers { dependencies.providerClients.endpoints = providers }
        dependencies.useIntegrationSettings(secretKey: config.secretKey)
        if let senders { dependencies.messageSenders = senders }
        if let telegramBots { dependencies.telegramBots = telegramBots }
        if let paymentProviders { dependencies.paymentProviders = paymentProviders }
        let app = try await buildApplication(config: config, dependencies: dependencies, migrateOnStart: true)
        let testApp = TestApp(
            database: database, clock: clock, metrics: dependencies.metrics, config: config, catalog: dependencies.catalog, mail: mail,
            jobs: dependencies.jobs)
        return try await app.test(mode) { client in try await body(client, testApp) }
    }
}

extension TestApp {
    /// The application's router built afresh, with the policy of every tenant route recorded.
    func routes() throws -> (router: Router<APIRequestContext>, policies: RoutePolicyBook) {
        let book = RoutePolicyBook()
        let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: testLogger)
        let dependencies = AppDependencies(
            database: database, clock: clock, metrics: metrics, catalog: catalog, logger: testLogger, ownsDatabase: false,
            providerClients: testProviderClients)
        return (try buildRouter(config: config, dependencies: dependencies, migrations: runner, policies: book), book)
    }
}

/// The worlds (`StudioWorld`) keep their rows in the test app's database.
extension TestApp: StudioHost {}

/// The SPEC §14 error body.
struct ErrorBody: Decodable, Sendable {
    struct Inner: Decodable, Sendable {
        let code: String
        let message: String
        let fields: [String: String]?
        let details: [String: JSONValue]?
        let requestId: String
    }
    let error: Inner
}
