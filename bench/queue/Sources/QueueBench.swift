import CRMCore
import Foundation
import Logging
import Synchronization

/// bench/queue (issue 6): enqueue N no-op jobs, drain them with W workers, on SQLite or
/// PostgreSQL; jobs/s and claim latency percentiles. See bench/queue/README.md.
@main
struct QueueBench {
    struct Options: Sendable {
        var db = "sqlite"
        var url: String?
        var sqlitePath: String?
        var jobs = 10_000
        var workers = 4

        init(_ arguments: [String]) throws {
            var iterator = arguments.dropFirst().makeIterator()
            while let flag = iterator.next() {
                guard let value = iterator.next() else { throw BenchError("\(flag) needs a value") }
                switch flag {
                case "--db": db = value
                case "--url": url = value
                case "--sqlite-path": sqlitePath = value
                case "--jobs": jobs = Int(value) ?? jobs
                case "--workers": workers = Int(value) ?? workers
                default: throw BenchError("unknown option \(flag)")
                }
            }
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func main() async throws {
        try await run(Options(CommandLine.arguments))
    }

    /// Off the main actor: the workers run concurrently.
    nonisolated static func run(_ options: Options) async throws {
        var logger = Logger(label: "queue-bench")
        logger.logLevel = .warning
        let database: Database
        var schema: String?
        switch options.db {
        case "postgres":
            guard let url = options.url else { throw BenchError("--url is required for postgres") }
            let name = "queue_bench_\(UInt32.random(in: 0...UInt32.max))"
            let admin = try Database.postgres(url: url, logger: logger)
            try await admin.sql.raw("CREATE SCHEMA \(unsafeRaw: name)").run()
            try await admin.shutdown()
            schema = name
            database = try Database.postgres(url: url, searchPath: [name], connectionsPerEventLoop: 4, logger: logger)
        default:
            let path = options.sqlitePath ?? FileManager.default.temporaryDirectory.appendingPathComponent("queue-bench-\(UUID()).sqlite").path
            database = try await Database.sqlite(path: path, logger: logger)
        }
        try await MigrationRunner(database: database, migrations: CoreMigrations.all, logger: logger).migrate(now: Date())

        // Enqueue: in transactions of 500, as a busy application would (one job per change).
        let clock = SystemClock()
        let enqueueStart = ContinuousClock.now
        var enqueued = 0
        while enqueued < options.jobs {
            let batch = min(500, options.jobs - enqueued)
            try await database.transaction { sql in
                for _ in 0..<batch { try await Jobs.enqueue(NewJob(kind: "noop", queue: .ops), at: clock.now(), on: sql) }
            }
            enqueued += batch
        }
        let enqueueSeconds = seconds(ContinuousClock.now - enqueueStart)

        // Drain with W workers; every claim timed.
        let store = JobStore(database: database)
        let tally = Tally()
        let drainStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<options.workers {
                group.addTask {
                    let worker = "bench:\(index)"
                    while true {
                        let start = ContinuousClock.now
                        guard let job = try await store.claim(worker: worker, now: clock.now()) else { return }
                        let claimed = seconds(ContinuousClock.now - start) * 1000
                        tally.add(claimed)
                        guard try await store.complete(job, worker: worker, now: clock.now()) else { throw BenchError("lost a lease") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let drainSeconds = seconds(ContinuousClock.now - drainStart)

        // Checks: every job ran once and is done.
        struct Row: Decodable { let n: Int }
        let done = try await database.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").first(decoding: Row.self)?.n ?? -1
        let count = tally.latencies.withLock { $0.count }
        guard done == options.jobs, count == options.jobs else { throw BenchError("ran \(count), done \(done), expected \(options.jobs)") }

        let sorted = tally.latencies.withLock { $0 }.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        print(
            String(
                format: "%@  jobs %d  workers %d  enqueue %.0f jobs/s  drain %.0f jobs/s (%.2f s)  claim p50 %.2f ms  p95 %.2f ms  max %.2f ms",
                options.db, options.jobs, options.workers, Double(options.jobs) / enqueueSeconds, Double(options.jobs) / drainSeconds,
                drainSeconds, percentile(0.5), percentile(0.95), sorted.last ?? 0))
        if let schema {
            try await database.sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
        }
        try await database.shutdown()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Claim latencies in milliseconds, shared by the workers.
final class Tally: Sendable {
    let latencies = Mutex<[Double]>([])
    func add(_ milliseconds: Double) { latencies.withLock { $0.append(milliseconds) } }
}
