import Foundation
import SQLKit

/// The queue's state changes after enqueue: claiming, finishing, failing, reclaiming leases.
/// Every change of a claimed job is guarded by `locked_by`, so a worker whose lease expired and
/// was taken over can no longer write the job's outcome.
public struct JobStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Leases the most urgent due job to `worker` (critical before ops before heavy, then the
    /// oldest `run_at`), counting the attempt; nil when nothing is due. One statement claims: on
    /// PostgreSQL the candidate row is locked `FOR UPDATE SKIP LOCKED` (concurrent claimers take
    /// different rows without waiting); on SQLite the statement runs in a `BEGIN IMMEDIATE`
    /// transaction, so claimers are serialized.
    public func claim(worker: String, now: Date) async throws -> Job? {
        try await database.transaction { sql in
            try await reclaimExpiredLeases(now: now, on: sql)
            let lock: SQLQueryString = database.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
            let lease: SQLQueryString = """
                CASE queue WHEN 'critical' THEN \(bind: now.addingTimeInterval(JobQueueName.critical.policy.timeout))
                           WHEN 'ops' THEN \(bind: now.addingTimeInterval(JobQueueName.ops.policy.timeout))
                           ELSE \(bind: now.addingTimeInterval(JobQueueName.heavy.policy.timeout)) END
                """
            let query: SQLQueryString = """
                UPDATE jobs SET status = 'running', locked_by = \(bind: worker), locked_until = \(lease), attempts = attempts + 1,
                                updated_at = \(bind: now)
                WHERE id = (SELECT id FROM jobs WHERE status IN ('queued', 'failed') AND run_at <= \(bind: now)
                            ORDER BY priority, run_at LIMIT 1 \(lock))
                RETURNING \(unsafeRaw: JobRows.columns)
                """
            return try await sql.raw(query).first().map(JobRows.decode)
        }
    }

    /// A running job whose lease ran out (its worker died or overran the timeout) becomes
    /// claimable again now, as a failed attempt; with no attempts left it is dead.
    func reclaimExpiredLeases(now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
                            last_error = 'lease expired: the worker stopped or overran the queue timeout',
                            locked_by = NULL, locked_until = NULL, run_at = \(bind: now), updated_at = \(bind: now)
            WHERE status = 'running' AND locked_until <= \(bind: now)
            """
        ).run()
    }

    /// The attempt succeeded. False when the lease was no longer `worker`'s (the outcome is dropped).
    @discardableResult
    public func complete(_ job: Job, worker: String, now: Date) async throws -> Bool {
        try await finish(
            job, worker: worker,
            set: "status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = \(bind: now)")
    }

    /// The attempt failed: retried after the queue's backoff while attempts remain (and the
    /// failure is not `permanent`), else dead.
    @discardableResult
    public func fail(_ job: Job, worker: String, error: String, permanent: Bool, now: Date) async throws -> Bool {
        let text = String(error.prefix(2000))
        guard !permanent, job.attempts < job.maxAttempts else {
            return try await finish(
                job, worker: worker,
                set: "status = 'dead', locked_by = NULL, locked_until = NULL, last_error = \(bind: text), updated_at = \(bind: now)")
        }
        let retryAt = now.addingTimeInterval(job.queue.policy.delay(afterAttempt: job.attempts))
        return try await finish(
            job, worker: worker,
            set: """
                status = 'failed', locked_by = NULL, locked_until = NULL, last_error = \(bind: text), run_at = \(bind: retryAt),
                updated_at = \(bind: now)
                """)
    }

    private func finish(_ job: Job, worker: String, set: SQLQueryString) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        let row = try await database.sql.raw(
            "UPDATE jobs SET \(set) WHERE id = \(bind: job.id) AND status = 'running' AND locked_by = \(bind: worker) RETURNING id"
        ).first(decoding: Row.self)
        return row != nil
    }

    /// One job (any tenant; system use and tests).
    public func find(_ id: UUID) async throws -> Job? {
        try await database.sql.raw("SELECT \(unsafeRaw: JobRows.columns) FROM jobs WHERE id = \(bind: id)").first().map(JobRows.decode)
    }
}
