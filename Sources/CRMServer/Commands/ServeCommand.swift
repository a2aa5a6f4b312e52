import ArgumentParser
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the web UI and the API (default).")

    @OptionGroup var options: ConfigOptions

    @Flag(inversion: .prefixedNo, help: "Apply pending migrations before serving (default: on for SQLite, off for PostgreSQL).")
    var migrate: Bool?

    @Option(help: "Job workers to run inside the server (WORKERS, default 2); 0 leaves jobs to `veloria worker`.")
    var workers: Int?

    func run() async throws {
        let config = try await Bootstrap.config(options, extra: ["workers": workers.map(String.init)])
        let logger = Bootstrap.logger(config)
        let app = try await buildApplication(config: config, logger: logger, migrateOnStart: migrate ?? config.usesEmbeddedDatabase)
        try await app.runService()
    }
}
