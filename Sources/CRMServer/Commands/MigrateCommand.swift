import ArgumentParser
import CRMCore
import Modules

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        try await Bootstrap.withDependencies(config, logger: logger) { dependencies in
            let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: logger)
            let applied = try await runner.migrate(now: dependencies.clock.now())
            print(applied.isEmpty ? "database is up to date" : "applied \(applied.count) migration(s): \(applied.map(\.id).joined(separator: ", "))")
        }
    }
}
