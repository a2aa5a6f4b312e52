import Foundation
import SQLKit

/// Putting jobs on the durable queue. Always inside the caller's transaction (pass the `sql` a
/// `mutate` or `transaction` body got): the change and its job commit together, and a job of a
/// rolled-back transaction never exists.
public enum Jobs {
    /// Enqueues `job`; answers its id, or nil when a job with its `uniqueKey` already exists.
    @discardableResult
    public static func enqueue(_ job: NewJob, at now: Date, on sql: any SQLDatabase) async throws -> UUID? {
        struct Row: Decodable { let id: UUID }
        let id = UUID()
        let row = try await sql.raw(
            """
            INSERT INTO jobs (id, queue, priority, kind, payload, tenant_id, run_at, attempts, max_attempts, status, unique_key,
                              created_at, updated_at)
            VALUES (\(bind: id), \(bind: job.queue.rawValue), \(bind: job.queue.priority), \(bind: job.kind),
                    \(bind: try JobRows.encode(job.payload)), \(bind: job.tenantId), \(bind: job.runAt ?? now), 0,
                    \(bind: job.queue.policy.maxAttempts), 'queued', \(bind: job.uniqueKey), \(bind: now), \(bind: now))
            ON CONFLICT (unique_key) DO NOTHING
            RETURNING id
            """
        ).first(decoding: Row.self)
        return row?.id
    }

    /// Removes the jobs of `ids` that have not run yet (queued, or failed and waiting to retry).
    public static func withdraw(_ ids: [UUID], on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM jobs WHERE id IN \(SQLBind.group(ids)) AND status IN ('queued', 'failed')").run()
    }
}
