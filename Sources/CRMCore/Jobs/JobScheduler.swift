import Foundation
import Logging

/// Work that recurs (publish the outbox, clean up old jobs, later: SLA checks, payment checks).
public struct PeriodicJob: Sendable {
    public let kind: String
    public let queue: JobQueueName
    public let every: TimeInterval

    public init(kind: String, queue: JobQueueName, every: TimeInterval) {
        self.kind = kind
        self.queue = queue
        self.every = every
    }
}

/// Enqueues each periodic job once per period, however many processes tick: the job's unique
/// key names the period (`periodic:<kind>:<period number>`), so every enqueue after the first
/// in a period is ignored by the database.
public struct JobScheduler: Sendable {
    public let periodic: [PeriodicJob]
    let database: Database
    let clock: any AppClock
    let logger: Logger

    public init(periodic: [PeriodicJob], database: Database, clock: any AppClock, logger: Logger) {
        self.periodic = periodic
        self.database = database
        self.clock = clock
        self.logger = logger
    }

    /// Enqueues the current period's job of every periodic kind not enqueued yet; answers how many it added.
    @discardableResult
    public func tick() async throws -> Int {
        let now = clock.now()
        var added = 0
        for job in periodic {
            let period = Int64((now.timeIntervalSince1970 / job.every).rounded(.down))
            let start = Date(timeIntervalSince1970: Double(period) * job.every)
            let id = try await Jobs.enqueue(
                NewJob(kind: job.kind, queue: job.queue, runAt: start, uniqueKey: "periodic:\(job.kind):\(period)"), at: now,
                on: database.sql)
            if id != nil { added += 1 }
        }
        return added
    }

    /// Ticks every `interval` until the task is cancelled.
    public func run(interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                try await tick()
            } catch {
                logger.error("job scheduler: tick failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
