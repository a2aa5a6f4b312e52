import ArgumentParser
import CRMCore
import Modules
import ServiceLifecycle

/// Job workers without the HTTP server, for scale-out: any number of these may run beside
/// `serve` processes on the same database (claims never collide; the scheduler enqueues each
/// period once).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Run background job workers (no HTTP server).")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Concurrent workers in this process (default: WORKERS, at least 1).")
    var workers: Int?

    func run() async throws {
        let config = try await Bootstrap.config(options)
        let logger = Bootstrap.logger(config)
        let dependencies = try await AppDependencies.live(config: config, logger: logger)
        let messaging = Messaging(config: config, dependencies: dependencies)
        messaging.registerJobs(in: dependencies.jobs.handlers)
        let payments = PaymentsWiring(config: config, dependencies: dependencies, reminders: messaging.reminders)
        payments.registerJobs(in: dependencies.jobs.handlers)
        let settings = SettingsService(database: dependencies.database)
        let clients = ClientsService(database: dependencies.database, settings: settings, appointments: AppointmentClientScope())
        let appointments = AppointmentsService(
            database: dependencies.database, clients: clients, settings: settings, reminders: messaging.reminders, deposits: payments.deposits)
        _ = WaitlistWiring.autofill(config: config, dependencies: dependencies, appointments: appointments, clients: clients, messaging: messaging)
        DataExportWiring.service(config: config, dependencies: dependencies).register(in: dependencies.jobs.handlers)
        let runner = try MigrationRunner(database: dependencies.database, migrations: MigrationRegistry.all, logger: logger)
        let pending = try await runner.pending()
        guard pending.isEmpty else {
            try? await dependencies.database.shutdown()
            throw MigrationError.notMigrated(pending: pending.map(\.id))
        }
        let service = JobWorkersService(
            runtime: dependencies.jobs, database: dependencies.database, clock: dependencies.clock, count: max(1, workers ?? config.workers),
            logger: logger, ready: { true })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: DatabaseShutdownService(database: dependencies.database)), .init(service: service)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
