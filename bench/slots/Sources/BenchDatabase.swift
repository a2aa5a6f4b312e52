import CRMCore
import Foundation
import Logging
import Modules
import SQLKit

/// The database the bench runs on, migrated like the server's boot (`MigrationRunner` over
/// `MigrationRegistry.all`), and what to remove afterwards.
struct BenchDatabase {
    let database: Database
    let label: String
    let cleanup: @Sendable () async throws -> Void

    static func open(_ options: BenchOptions, logger: Logger) async throws -> BenchDatabase {
        let opened: BenchDatabase
        switch options.store {
        case .sqlite:
            let path =
                options.sqlitePath
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("veloria-slots-bench-\(UUID().uuidString).sqlite").path
            let removeFile = options.sqlitePath == nil
            let database = try await Database.sqlite(path: path, logger: logger)
            opened = BenchDatabase(database: database, label: "SQLite") {
                try await database.shutdown()
                if removeFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            }
        case .postgres:
            // A schema of its own (dropped at the end), so a run never sees an earlier run's rows.
            let url = options.postgresURL!
            let admin = try Database.postgres(url: url, connectionsPerEventLoop: 1, logger: logger)
            let schema = "slots_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            do {
                try await admin.sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public").run()
                try await admin.sql.raw("CREATE SCHEMA \(ident: schema)").run()
            } catch {
                try? await admin.shutdown()
                throw error
            }
            // The server's default pool (DB_POOL_SIZE 4 per event loop).
            let database = try Database.postgres(url: url, searchPath: [schema, "public"], connectionsPerEventLoop: 4, logger: logger)
            opened = BenchDatabase(database: database, label: "PostgreSQL") {
                try await database.shutdown()
                try await admin.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
                try await admin.shutdown()
            }
        }
        do {
            try await MigrationRunner(database: opened.database, migrations: MigrationRegistry.all, logger: logger).migrate(now: Date())
        } catch {
            try? await opened.cleanup()
            throw error
        }
        return opened
    }

    /// Rows of `table` of the tenant (sanity checks).
    func count(_ table: String, tenant: TenantID) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE tenant_id = \(bind: tenant)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
