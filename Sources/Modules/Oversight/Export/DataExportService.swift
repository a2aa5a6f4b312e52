import CRMCore
import Foundation
import Logging
import SQLKit
import Tenancy

/// The owner's export of all the studio's data (permission `data.export`, every plan): requested
/// by a route, built by a `heavy` job into `<directory>/<tenant>/<id>.zip`, downloadable until it
/// expires (`DataExportPolicy.retention`), then deleted by the hourly cleanup. Every status change
/// commits with its audit entry and event; a download is audited.
public struct DataExportService: Sendable {
    public static let buildKind = "exports.build"
    public static let cleanupKind = "exports.cleanup"
    public static let periodic = PeriodicJob(kind: cleanupKind, queue: .heavy, every: 3600)

    let database: Database
    let sources: [any DataExportSource]
    /// Where archives are written, one folder per tenant.
    let directory: URL

    public init(database: Database, sources: [any DataExportSource], directory: URL) {
        self.database = database
        self.sources = sources
        self.directory = directory
    }

    func repository(_ tenant: TenantID) -> DataExportRepository { DataExportRepository(sql: database.sql, tenantId: tenant) }

    /// The archive of `export` on disk.
    func file(of export: DataExport) -> URL {
        directory.appendingPathComponent(export.tenantId.description, isDirectory: true)
            .appendingPathComponent("\(export.id.uuidString.lowercased()).zip")
    }

    /// Queues a new export; `409 export_in_progress` while one is queued or running.
    public func request(scope: TenantScope) async throws -> DataExport {
        try scope.require(.dataExport)
        let now = scope.clock.now()
        let id = UUID()
        let stamp = CSVFormat.time(now).prefix(16).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "T", with: "-")
        let fileName = "veloria-export-\(scope.tenant.slug)-\(stamp).zip"
        do {
            return try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = DataExportRepository(sql: sql, tenantId: scope.tenantId)
                if try await repository.active() != nil { throw AppError.conflict("export_in_progress") }
                try await repository.insert(id: id, requestedBy: scope.userId, fileName: fileName, now: now)
                try await Jobs.enqueue(
                    NewJob(
                        kind: Self.buildKind, queue: .heavy,
                        payload: .object(["tenantId": .string(scope.tenantId.description), "exportId": .string(id.uuidString.lowercased())]),
                        tenantId: scope.tenantId), at: now, on: sql)
                let export = try await repository.find(id)!
                return (export, [MutationRecord(action: "data_export.requested", entityType: "data_export", entityId: id.uuidString.lowercased(), after: export.audited)])
            }
        } catch where UniqueViolation.matches(error) {
            throw AppError.conflict("export_in_progress")
        }
    }

    /// The tenant's exports, newest first (the last 50).
    public func list(scope: TenantScope) async throws -> [DataExport] {
        try scope.require(.dataExport)
        return try await repository(scope.tenantId).list(limit: 50)
    }

    /// One export of the tenant; another tenant's id is 404.
    public func find(_ id: UUID, scope: TenantScope) async throws -> DataExport {
        try scope.require(.dataExport)
        guard let export = try await repository(scope.tenantId).find(id) else { throw AppError.notFound() }
        return export
    }

    /// The archive to send, the download audited: `409 export_not_ready` before it is ready,
    /// `410 export_expired` after, `409 export_failed` for a failed one.
    public func download(_ id: UUID, scope: TenantScope) async throws -> (export: DataExport, file: URL) {
        let export = try await find(id, scope: scope)
        let now = scope.clock.now()
        switch export.status {
        case .queued, .running: throw AppError.conflict("export_not_ready")
        case .failed: throw AppError.conflict("export_failed")
        case .expired: throw AppError(status: .gone, code: "export_expired")
        case .ready:
            guard let expires = export.expiresAt, expires > now else { throw AppError(status: .gone, code: "export_expired") }
        }
        let file = file(of: export)
        guard FileManager.default.fileExists(atPath: file.path) else { throw AppError(status: .gone, code: "export_expired") }
        try await database.mutate(by: scope.auditActor, at: now) { _ in
            ((), [
                MutationRecord(
                    action: "data_export.downloaded", entityType: "data_export", entityId: id.uuidString.lowercased(),
                    after: export.audited, emitsEvent: false)
            ])
        }
        return (export, file)
    }
}
