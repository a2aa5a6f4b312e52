import ArgumentParser
import CRMCore
import Modules
import Plans
import Tenancy

/// `veloria seed-demo`: the demo studio (`DemoStudio`), idempotent and deterministic.
struct SeedDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo", abstract: "Create a demo studio to explore (idempotent, deterministic); prints the logins.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Public slug of the demo studio.") var slug = "demo"
    @Option(help: "Plan: ivory, veloria or imperium.") var plan = "imperium"
    @Option(help: "Language of the studio and its data: ru or en.") var locale = "ru"
    @Option(help: "The seed: the same seed makes the same studio.") var seed: UInt64 = 2026
    @Option(help: "How many clients.") var clients = 80
    @Option(help: "Owner's email.") var ownerEmail = "owner@demo.veloria.local"
    @Option(help: "Owner's (and the manager's) password.") var ownerPassword = "veloria-demo"

    func validate() throws {
        guard Plan(rawValue: plan) != nil else { throw ValidationError("--plan must be ivory, veloria or imperium") }
        guard AppLocale(rawValue: locale) != nil else { throw ValidationError("--locale must be ru or en") }
        guard (1...2000).contains(clients) else { throw ValidationError("--clients must be 1…2000") }
    }

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        let report = try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: logger)
            try await runner.migrate(now: dependencies.clock.now())
            var demo = DemoStudio.Options()
            demo.slug = slug
            demo.plan = Plan(rawValue: plan)!
            demo.locale = AppLocale(rawValue: locale)!
            demo.seed = seed
            demo.clients = clients
            demo.ownerEmail = ownerEmail
            demo.ownerPassword = ownerPassword
            return try await DemoStudio(config: config, dependencies: dependencies, options: demo).seed(now: dependencies.clock.now())
        }
        print(report)
    }
}
