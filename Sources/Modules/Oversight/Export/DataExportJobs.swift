import CRMCore
import Foundation
import Logging
import Tenancy

/// The export's jobs: `exports.build` writes one archive; `exports.cleanup` (hourly) deletes the
/// archives whose time ran out and marks them expired.
extension DataExportService {
    public func register(in handlers: JobHandlers) {
        handlers.register(Self.buildKind) { try await build($0) }
        handlers.register(Self.cleanupKind) { try await cleanup($0) }
    }

    func build(_ job: JobContext) async throws {
        guard case .object(let payload) = job.job.payload, case .string(let tenantText) = payload["tenantId"],
            case .string(let idText) = payload["exportId"], let tenantId = TenantID(string: tenantText), let id = UUID(uuidString: idText)
        else { throw PermanentJobFailure("malformed export job payload") }
        guard let tenant = try await TenantRecords.find(tenantId, on: job.database.sql) else { return }
        let scope = job.scope(for: tenant)
        let repository = repository(tenantId)
        // A retried attempt (the worker died mid-way) starts again; a finished export stays as it is.
        guard let export = try await repository.find(id), [.queued, .running].contains(export.status) else { return }
        var total: Int64 = 0
        for source in sources { total += Int64(try await source.count(tenant: tenantId, on: job.database.sql)) }
        try await transition(export, scope: scope, action: "data_export.started") { try await $0.start(id, total: total, now: scope.clock.now()) }

        let final = file(of: export)
        // One partial file per attempt: a retry never writes into the file of an attempt still stopping.
        let partial = final.deletingPathExtension().appendingPathExtension("\(UUID().uuidString.lowercased()).part")
        do {
            try FileManager.default.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
            let written = try await DataExportArchive(sources: sources).write(
                tenant: tenantId, on: job.database.sql, to: partial, now: scope.clock.now()
            ) { rows in try await repository.progress(id, done: rows) }
            try? FileManager.default.removeItem(at: final)
            try FileManager.default.moveItem(at: partial, to: final)
            let now = scope.clock.now()
            try await transition(export, scope: scope, action: "data_export.ready") {
                try await $0.ready(
                    id, rows: written.rows, size: written.size, sha256: written.sha256, now: now, expires: now.addingTimeInterval(DataExportPolicy.retention))
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            job.logger.error("data export failed", metadata: ["export_id": "\(id)", "error": "\(error)"])
            let reason =
                if (error as? ZipWriterError) == .tooLarge { "too_large" } else if error is CancellationError { "timeout" } else { "internal_error" }
            try await transition(export, scope: scope, action: "data_export.failed") { try await $0.fail(id, error: reason, now: scope.clock.now()) }
        }
    }

    /// Deletes the archives of expired exports (every tenant), each marked `expired` with its audit entry.
    func cleanup(_ job: JobContext) async throws {
        let now = job.clock.now()
        for export in try await DataExportRepository.due(at: now, limit: 500, on: job.database.sql) {
            guard let tenant = try await TenantRecords.find(export.tenantId, on: job.database.sql) else { continue }
            try await expire(export, scope: job.scope(for: tenant))
        }
    }

    func expire(_ export: DataExport, scope: TenantScope) async throws {
        let expired: Bool = try await database.mutate(by: scope.auditActor, at: scope.clock.now()) { sql -> (Bool, [MutationRecord]) in
            let changed = try await DataExportRepository(sql: sql, tenantId: export.tenantId).expire(export.id)
            guard changed else { return (false, []) }
            return (true, [MutationRecord(action: "data_export.expired", entityType: "data_export", entityId: export.id.uuidString.lowercased())])
        }
        if expired { try? FileManager.default.removeItem(at: file(of: export)) }
    }

    /// One status change with its audit entry and event, in one transaction.
    private func transition(
        _ export: DataExport, scope: TenantScope, action: String, _ change: (DataExportRepository) async throws -> Void
    ) async throws {
        try await database.mutate(by: scope.auditActor, at: scope.clock.now()) { sql in
            let repository = DataExportRepository(sql: sql, tenantId: export.tenantId)
            try await change(repository)
            let after = try await repository.find(export.id)
            return ((), [MutationRecord(action: action, entityType: "data_export", entityId: export.id.uuidString.lowercased(), after: after?.audited)])
        }
    }
}
