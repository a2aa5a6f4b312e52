import CRMCore
import Foundation
import Logging
import Modules
import ServiceLifecycle

/// Every job kind the application knows and the periodic work, shared by the in-process workers
/// of `serve` and the `worker` command (both build it the same way, so they run the same jobs).
public struct JobRuntime: Sendable {
    public let handlers: JobHandlers
    public let outbox: OutboxPublisher
    public let periodic: [PeriodicJob]

    public init(database: Database) {
        handlers = JobHandlers()
        outbox = OutboxPublisher(database: database)
        outbox.register(in: handlers)
        JobMaintenance.register(in: handlers)
        PaymentsMaintenance.register(in: handlers)
        let settings = SettingsService(database: database)
        AutoTagJobs(clients: ClientsService(database: database, settings: settings, appointments: AppointmentClientScope())).register(in: handlers)
        periodic = [OutboxPublisher.periodic, JobMaintenance.periodic, PaymentsMaintenance.periodic, AutoTagJobs.periodic, DataExportService.periodic]
    }
}

/// `count` workers and the scheduler, until graceful shutdown. A worker's name carries the host
/// and process, so a lease in the table says who holds it.
struct JobWorkersService: Service {
    let runtime: JobRuntime
    let database: Database
    let clock: any AppClock
    let count: Int
    let logger: Logger
    /// True once the schema is current (`serve` migrates while it starts; workers wait for it).
    let ready: @Sendable () async -> Bool

    func run() async throws {
        while await !ready() {
            try await Task.sleep(for: .milliseconds(500))
        }
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let store = JobStore(database: database)
        let scheduler = JobScheduler(periodic: runtime.periodic, database: database, clock: clock, logger: logger)
        logger.info("job workers started", metadata: ["workers": "\(count)"])
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await scheduler.run() }
                for index in 0..<count {
                    let worker = JobWorker(name: "\(host):\(pid):\(index)", store: store, handlers: runtime.handlers, clock: clock, logger: logger)
                    group.addTask { await worker.run() }
                }
            }
        }
    }
}
