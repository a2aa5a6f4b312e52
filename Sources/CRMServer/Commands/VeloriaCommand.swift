import ArgumentParser

@main
struct VeloriaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veloria",
        abstract: "VeloriaCRM: the CRM server for beauty masters and studios.",
        subcommands: [ServeCommand.self, MigrateCommand.self, SeedDemoCommand.self, WorkerCommand.self, RoutesCommand.self, ClientFiguresCommand.self, TenantCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

/// Options every command shares; they override the environment and `.env`.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Address to bind (HOST).") var host: String?
    @Option(help: "Port to listen on (PORT).") var port: Int?
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (DATABASE_URL); SQLite when absent.") var databaseURL: String?
    @Option(name: .customLong("env-file"), help: "The .env file to read.") var envFile: String = ".env"
    @Option(help: "The folder holding lang/, docs/ and public/ (VELORIA_ROOT); found from the working directory or the binary when absent.")
    var root: String?

    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["host"] = host
        values["port"] = port.map(String.init)
        values["database.url"] = databaseURL
        values["veloria.root"] = root
        return values
    }
}
