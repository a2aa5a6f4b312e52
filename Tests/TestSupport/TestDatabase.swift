import CRMCore
import Foundation
import Logging
import SQLKit

/// A database of its own for one test: a fresh SQLite file, or a fresh schema on the PostgreSQL
/// server named by `TEST_DATABASE_URL` (CI runs the suite both ways). Removed afterwards.
public enum TestDatabase {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Which engine this run tests against.
    public static var dialect: DatabaseDialect { postgresURL == nil ? .sqlite : .postgres }

    /// Runs `body` with a new, empty database (migrated with `migrations` when given) and
    /// removes it afterwards, whether `body` succeeds or not.
    public static func with<T>(migrations: [Migration]? = nil, _ body: (Database) async throws -> T) async throws -> T {
        // Swift Testing starts every test at once; on PostgreSQL each test's pool would open its
        // connections together and a slow machine runs out of server slots. A gate bounds them.
        let gate = postgresURL == nil ? nil : TestDatabaseGate.postgres
        await gate?.enter()
        defer { if let gate { Task { await gate.leave() } } }
        let (database, cleanup) = try await make()
        do {
            if let migrations {
                try await MigrationRunner(database: database, migrations: migrations, logger: testLogger).migrate(now: Date(timeIntervalSince1970: 0))
            }
            let result = try await body(database)
            try await cleanup()
            return result
        } catch {
            try? await cleanup()
            throw error
        }
    }

    public static func make() async throws -> (Database, @Sendable () async throws -> Void) {
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresAdmin.installExtensions(url: url)
            try await PostgresAdmin.shared(url: url).sql.raw("CREATE SCHEMA \(ident: schema)").run()
            // `public` stays on the path so extensions installed there (btree_gist, …) are visible.
            let database = try Database.postgres(url: url, searchPath: [schema, "public"], connectionsPerEventLoop: 2, logger: testLogger)
            return (
                database,
                {
                    try await database.shutdown()
                    try await PostgresAdmin.shared(url: url).sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
                }
            )
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("veloria-test-\(UUID().uuidString).sqlite").path
        let database = try await Database.sqlite(path: path, logger: testLogger)
        return (
            database,
            {
                try await database.shutdown()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        )
    }
}

/// One small pool per test process for creating and dropping test schemas; lives as long as
/// the process.
enum PostgresAdmin {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var database: Database?

    nonisolated(unsafe) private static var extensions: Task<Void, any Error>?

    /// Installs the extensions migrations use (btree_gist) once per process, in `public`: a
    /// migration's `CREATE EXTENSION IF NOT EXISTS` inside a test schema would otherwise install
    /// it there, and dropping that schema would take it away from every other test.
    static func installExtensions(url: String) async throws {
        let task: Task<Void, any Error> = try {
            lock.lock()
            defer { lock.unlock() }
            if let extensions { return extensions }
            let admin = try sharedLocked(url: url)
            let created = Task { try await admin.sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public").run() }
            extensions = created
            return created
        }()
        try await task.value
    }

    static func shared(url: String) throws -> Database {
        lock.lock()
        defer { lock.unlock() }
        return try sharedLocked(url: url)
    }

    private static func sharedLocked(url: String) throws -> Database {
        if let database { return database }
        let created = try Database.postgres(url: url, connectionsPerEventLoop: 1, logger: testLogger)
        database = created
        return created
    }
}

/// An async counting semaphore: at most `limit` holders at a time, the rest wait in order.
actor TestDatabaseGate {
    /// 16 test databases × (2 connections × event loops) stays far below `max_connections`.
    static let postgres = TestDatabaseGate(limit: 16)

    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the first waiter, or frees it.
    func leave() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
