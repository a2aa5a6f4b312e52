import CRMCore
import Foundation
import SQLKit

/// The `data_exports` rows of one tenant, and (for the cleanup) the expired ones of every tenant.
struct DataExportRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    struct Row: Decodable {
        let tenantId: TenantID
        let id: UUID
        let requestedBy: UserID?
        let status: String
        let progressDone: Int64
        let progressTotal: Int64
        let fileName: String
        let sizeBytes: Int64?
        let sha256: String?
        let error: String?
        let createdAt: Date
        let startedAt: Date?
        let finishedAt: Date?
        let expiresAt: Date?

        var export: DataExport {
            DataExport(
                id: id, tenantId: tenantId, requestedBy: requestedBy, status: DataExport.Status(rawValue: status) ?? .failed,
                progressDone: progressDone, progressTotal: progressTotal, fileName: fileName, sizeBytes: sizeBytes, sha256: sha256,
                error: error, createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt, expiresAt: expiresAt)
        }
    }

    static let columns: SQLQueryString = """
        tenant_id, id, requested_by, status, progress_done, progress_total, file_name, size_bytes, sha256, error, created_at, started_at,
        finished_at, expires_at
        """

    func on(_ sql: any SQLDatabase) -> DataExportRepository { DataExportRepository(sql: sql, tenantId: tenantId) }

    func insert(id: UUID, requestedBy: UserID?, fileName: String, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO data_exports (tenant_id, id, requested_by, status, progress_done, progress_total, file_name, created_at)
            VALUES (\(bind: tenantId), \(bind: id), \(bind: requestedBy), 'queued', 0, 0, \(bind: fileName), \(bind: now))
            """
        ).run()
    }

    func find(_ id: UUID) async throws -> DataExport? {
        try await sql.raw("SELECT \(Self.columns) FROM data_exports WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.export
    }

    /// The export of this tenant still queued or running, if any.
    func active() async throws -> DataExport? {
        try await sql.raw(
            "SELECT \(Self.columns) FROM data_exports WHERE tenant_id = \(bind: tenantId) AND status IN ('queued', 'running')"
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.export
    }

    /// Newest first.
    func list(limit: Int) async throws -> [DataExport] {
        try await sql.raw(
            """
            SELECT \(Self.columns) FROM data_exports WHERE tenant_id = \(bind: tenantId)
            ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.export)
    }

    func start(_ id: UUID, total: Int64, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE data_exports SET status = 'running', progress_done = 0, progress_total = \(bind: total), started_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    func progress(_ id: UUID, done: Int64) async throws {
        try await sql.raw(
            "UPDATE data_exports SET progress_done = \(bind: done) WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND status = 'running'"
        ).run()
    }

    func ready(_ id: UUID, rows: Int64, size: Int64, sha256: String, now: Date, expires: Date) async throws {
        try await sql.raw(
            """
            UPDATE data_exports SET status = 'ready', progress_done = \(bind: rows), progress_total = \(bind: rows),
                size_bytes = \(bind: size), sha256 = \(bind: sha256), finished_at = \(bind: now), expires_at = \(bind: expires)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    func fail(_ id: UUID, error: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE data_exports SET status = 'failed', error = \(bind: error), finished_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    /// Marks a ready export expired; false when it was not ready any more (another cleanup won).
    func expire(_ id: UUID) async throws -> Bool {
        try await sql.raw(
            "UPDATE data_exports SET status = 'expired' WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND status = 'ready' RETURNING id"
        ).first() != nil
    }

    /// Ready exports of every tenant whose time ran out.
    static func due(at now: Date, limit: Int, on sql: any SQLDatabase) async throws -> [DataExport] {
        try await sql.raw(
            """
            SELECT \(columns) FROM data_exports WHERE status = 'ready' AND expires_at <= \(bind: now)
            ORDER BY expires_at LIMIT \(unsafeRaw: String(limit))
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.export)
    }
}
