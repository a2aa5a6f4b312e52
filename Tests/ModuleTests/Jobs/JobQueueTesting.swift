import CRMCore
import Foundation
import Synchronization
import TestSupport

/// A queue on a fresh database with a clock the test moves.
struct QueueWorld {
    let database: Database
    let clock: FixedClock
    let handlers = JobHandlers()
    var store: JobStore { JobStore(database: database) }

    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    static func with<T>(_ body: (QueueWorld) async throws -> T) async throws -> T {
        try await TestDatabase.with(migrations: CoreMigrations.all) { database in
            try await body(QueueWorld(database: database, clock: FixedClock(start)))
        }
    }

    func worker(_ name: String) -> JobWorker {
        JobWorker(name: name, store: store, handlers: handlers, clock: clock, logger: testLogger)
    }

    @discardableResult
    func enqueue(_ kind: String, _ queue: JobQueueName = .ops, payload: JSONValue = .object([:]), tenant: TenantID? = nil) async throws
        -> UUID
    {
        try await Jobs.enqueue(NewJob(kind: kind, queue: queue, payload: payload, tenantId: tenant), at: clock.now(), on: database.sql)!
    }

    func job(_ id: UUID) async throws -> Job { try await store.find(id)! }

    func count(_ status: JobStatus) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await database.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE status = \(bind: status.rawValue)").first(decoding: Row.self)!.n
    }
}

/// Records what handlers saw.
final class JobLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "provider said no" }
}
