import Foundation
import Logging
import SQLKit

/// Applies registered migrations in order, each in its own transaction together with its
/// `_migrations` row, so a crash leaves either both or neither. Safe to run from several
/// processes at once: PostgreSQL serializes on an advisory lock, SQLite on its write lock.
public struct MigrationRunner: Sendable {
    public let database: Database
    public let migrations: [Migration]
    let logger: Logger

    /// `migrations` is the one ordered list registered for the application; it is validated here.
    public init(database: Database, migrations: [Migration], logger: Logger) throws {
        try Self.validate(migrations)
        self.database = database
        self.migrations = migrations
        self.logger = logger
    }

    static func validate(_ migrations: [Migration]) throws {
        var lastNumber: [String: Int] = [:]
        for migration in migrations {
            if let last = lastNumber[migration.module], migration.number <= last {
                throw MigrationError.outOfOrder(migration.id)
            }
            lastNumber[migration.module] = migration.number
        }
    }

    /// Migrations registered but not yet applied, in order.
    public func pending() async throws -> [Migration] {
        let applied = try await ledgerExists() ? try await appliedIDs(on: database.sql) : []
        return migrations.filter { !applied.contains($0.id) }
    }

    public func isCurrent() async throws -> Bool {
        try await pending().isEmpty
    }

    /// Applies every pending migration; returns the ones this call applied.
    @discardableResult
    public func migrate(now: Date) async throws -> [Migration] {
        try await database.transaction { sql in
            try await lock(sql)
            try await ensureLedger(on: sql)
        }
        var applied: [Migration] = []
        for migration in migrations {
            let didApply = try await database.transaction { sql -> Bool in
                try await lock(sql)
                // Re-check under the lock: another process may have applied it meanwhile.
                guard !(try await appliedIDs(on: sql).contains(migration.id)) else { return false }
                try await migration.apply(MigrationContext(sql: sql, dialect: database.dialect))
                try await sql.raw(
                    "INSERT INTO _migrations (module, number, name, applied_at) VALUES (\(bind: migration.module), \(bind: migration.number), \(bind: migration.name), \(bind: now))"
                ).run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(migration.id) \(migration.name)"])
                applied.append(migration)
            }
        }
        return applied
    }

    private func lock(_ sql: any SQLDatabase) async throws {
        // SQLite transactions already hold the write lock (BEGIN IMMEDIATE).
        if database.dialect == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(7215001)").run()
        }
    }

    private func ensureLedger(on sql: any SQLDatabase) async throws {
        let statement = """
            CREATE TABLE IF NOT EXISTS _migrations (
                module TEXT NOT NULL,
                number INTEGER NOT NULL,
                name TEXT NOT NULL,
                applied_at \(database.dialect.types.timestamp) NOT NULL,
                PRIMARY KEY (module, number)
            )
            """
        try await sql.raw(SQLQueryString(statement)).run()
    }

    private func ledgerExists() async throws -> Bool {
        let query: SQLQueryString =
            switch database.dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
            case .postgres:
                "SELECT table_name FROM information_schema.tables WHERE table_name = '_migrations' AND table_schema = current_schema()"
            }
        return try await database.sql.raw(query).first() != nil
    }

    private func appliedIDs(on sql: any SQLDatabase) async throws -> Set<String> {
        struct Row: Decodable { let module: String; let number: Int }
        let rows = try await sql.raw("SELECT module, number FROM _migrations").all(decoding: Row.self)
        return Set(rows.map { "\($0.module)#\($0.number)" })
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case outOfOrder(String)
    case notMigrated(pending: [String])

    public var description: String {
        switch self {
        case .outOfOrder(let id): "migration \(id) is registered out of order or twice"
        case .notMigrated(let pending): "database is not migrated; pending: \(pending.joined(separator: ", ")). Run `veloria migrate` or start with --migrate"
        }
    }
}
