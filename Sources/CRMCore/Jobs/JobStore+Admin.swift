import Foundation
import SQLKit

/// Per queue: how many jobs wait (`queued` or `failed` awaiting a retry), how late the oldest
/// due one is, how many run, and how many are dead.
public struct QueueStats: Sendable, Equatable, Encodable {
    public let queue: JobQueueName
    public let depth: Int
    /// Seconds since the oldest due job's `run_at` (0 when nothing is due).
    public let lagSeconds: Double
    public let running: Int
    public let dead: Int
}

extension JobStore {
    /// The figures of every queue, for `tenant`'s jobs, or all jobs when nil (metrics).
    public func stats(tenant: TenantID?, now: Date) async throws -> [QueueStats] {
        struct Row: Decodable {
            let queue: String
            let waiting: Int
            let running: Int
            let dead: Int
            let oldestDue: Date?
        }
        let scope: SQLQueryString = tenant.map { "WHERE tenant_id = \(bind: $0)" } ?? ""
        let rows = try await database.sql.raw(
            """
            SELECT queue,
                   SUM(CASE WHEN status IN ('queued', 'failed') THEN 1 ELSE 0 END) AS waiting,
                   SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,
                   SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END) AS dead,
                   MIN(CASE WHEN status IN ('queued', 'failed') AND run_at <= \(bind: now) THEN run_at END) AS oldest_due
            FROM jobs \(scope) GROUP BY queue
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return JobQueueName.allCases.map { queue in
            let row = rows.first { $0.queue == queue.rawValue }
            return QueueStats(
                queue: queue, depth: row?.waiting ?? 0, lagSeconds: max(0, row?.oldestDue.map { now.timeIntervalSince($0) } ?? 0),
                running: row?.running ?? 0, dead: row?.dead ?? 0)
        }
    }

    /// `tenant`'s jobs in `status`, the most recently changed first (keyset on updated_at, id).
    public func list(tenant: TenantID, status: JobStatus, page: PageRequest) async throws -> (items: [Job], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = database.sql.select().column("*").from("jobs").where("tenant_id", .equal, SQLBind(tenant))
            .where("status", .equal, SQLBind(status.rawValue))
        Keyset.apply(to: select, columns: [KeysetColumn("updated_at", descending: true)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all().map(JobRows.decode)
        return Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.updatedAt)], id: $0.id) }
    }

    /// Puts `tenant`'s dead job back on its queue with fresh attempts; nil when there is no such
    /// dead job of the tenant.
    public func retry(_ id: UUID, tenant: TenantID, now: Date, on sql: (any SQLDatabase)? = nil) async throws -> Job? {
        try await (sql ?? database.sql).raw(
            """
            UPDATE jobs SET status = 'queued', attempts = 0, run_at = \(bind: now), locked_by = NULL, locked_until = NULL,
                            updated_at = \(bind: now)
            WHERE id = \(bind: id) AND tenant_id = \(bind: tenant) AND status = 'dead'
            RETURNING \(unsafeRaw: JobRows.columns)
            """
        ).first().map(JobRows.decode)
    }

    /// One of `tenant`'s jobs.
    public func find(_ id: UUID, tenant: TenantID) async throws -> Job? {
        try await database.sql.raw("SELECT \(unsafeRaw: JobRows.columns) FROM jobs WHERE id = \(bind: id) AND tenant_id = \(bind: tenant)")
            .first().map(JobRows.decode)
    }
}
