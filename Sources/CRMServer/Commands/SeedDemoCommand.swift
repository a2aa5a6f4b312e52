import ArgumentParser
import CRMCore
import Modules
import Tenancy

struct SeedDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo", abstract: "Create a demo studio with its owner (idempotent); prints the login.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Public slug of the demo studio.") var slug = "demo"
    @Option(help: "Owner's email.") var ownerEmail = "owner@demo.veloria.local"
    @Option(help: "Owner's password.") var ownerPassword = "veloria-demo"

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        let report = try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: logger)
            try await runner.migrate(now: dependencies.clock.now())
            return try await DemoSeeder(
                database: dependencies.database,
                defaults: .init(timezone: config.appTimezone, locale: config.appLocale, currency: config.appCurrency)
            ).seed(slug: slug, ownerEmail: ownerEmail, ownerPassword: ownerPassword, now: dependencies.clock.now())
        }
        print(report)
    }
}
