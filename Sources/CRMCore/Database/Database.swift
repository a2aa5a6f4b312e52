import Foundation
@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The one storage handle the application sees: a pooled `any SQLDatabase` over SQLite or
/// PostgreSQL, its dialect, and a transaction helper that pins one connection.
public final class Database: Sendable {
    /// Pool-wide database: each statement runs on whichever pooled connection is free.
    public let sql: any SQLDatabase
    public let dialect: DatabaseDialect
    private let pool: Pool
    private let ownedThreadPool: NIOThreadPool?
    private let logger: Logger
    private let commitObservers = CommitObservers()

    private enum Pool: Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteTunedConnectionSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// Embedded SQLite file (created with its folder when missing).
    public static func sqlite(path: String, connectionsPerEventLoop: Int = 2, logger: Logger) async throws -> Database {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // SQLite calls block their thread while they wait for a lock: give them their own threads
        // so a busy wait can never starve bcrypt, file I/O or the other connection.
        let threads = NIOThreadPool(numberOfThreads: max(2, connectionsPerEventLoop * 2 + 1))
        threads.start()
        do {
            try await enableWriteAheadLog(path: path, threadPool: threads, logger: logger)
        } catch {
            try? await threads.shutdownGracefully()
            throw error
        }
        let source = SQLiteTunedConnectionSource(path: path, threadPool: threads, busyTimeoutMilliseconds: 10_000)
        let pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: connectionsPerEventLoop, requestTimeout: .seconds(30),
            logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        return Database(
            sql: SQLitePoolDatabase(pool: pool, logger: logger).sql(), dialect: .sqlite, pool: .sqlite(pool), threadPool: threads,
            logger: logger)
    }

    /// WAL is a property of the database file: switch it once, on a single connection, before the
    /// pool opens several (switching needs exclusive access, so pooled connections racing to do it
    /// on a new file would fail).
    private static func enableWriteAheadLog(path: String, threadPool: NIOThreadPool, logger: Logger) async throws {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
        ).get()
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 10000").get()
            _ = try await connection.query("PRAGMA journal_mode = WAL").get()
            try await connection.close().get()
        } catch {
            try? await connection.close().get()
            throw error
        }
    }

    /// PostgreSQL from a `postgres://` URL (`?sslmode=disable` for loopback servers). `searchPath`
    /// lets tests run each case in its own schema.
    public static func postgres(url: String, searchPath: [String]? = nil, connectionsPerEventLoop: Int = 4, logger: Logger) throws
        -> Database
    {
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = searchPath
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: connectionsPerEventLoop, requestTimeout: .seconds(30),
            logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        return Database(
            sql: pool.database(logger: logger).sql(), dialect: .postgres, pool: .postgres(pool), threadPool: nil,
            logger: logger)
    }

    private init(sql: any SQLDatabase, dialect: DatabaseDialect, pool: Pool, threadPool: NIOThreadPool?, logger: Logger) {
        self.sql = sql
        self.logger = logger
        self.dialect = dialect
        self.pool = pool
        self.ownedThreadPool = threadPool
    }

    public func shutdown() async throws {
        switch pool {
        case .sqlite(let pool):
            try await pool.shutdownAsync()
            await pool.source.connections.closeAll()
        case .postgres(let pool): try await pool.shutdownAsync()
        }
        try await ownedThreadPool?.shutdownGracefully()
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws. On SQLite it starts with `BEGIN IMMEDIATE`, taking the write lock up front
    /// so a read-then-write can never fail half-way on a lock upgrade.
    ///
    /// Nested calls inside `body` (on the same database) join the outer transaction instead of
    /// taking a second connection, which on SQLite would wait for the lock the outer one holds.
    public func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if let active = ActiveTransaction.current, active.owner == ObjectIdentifier(self) {
            return try await body(active.sql)
        }
        let log = CommitLog()
        let result: T
        switch pool {
        case .sqlite(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            result = try await run(body, on: connection.sql(), begin: "BEGIN IMMEDIATE", log: log)
        case .postgres(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            result = try await run(body, on: connection.sql(), begin: "BEGIN", log: log)
        }
        // After the connection is back in the pool: an observer may read (on SQLite committed
        // writers each holding a connection while their observer waits for one would starve the pool).
        await commitObservers.notify(log.drain())
        return result
    }

    private func run<T>(
        _ body: (any SQLDatabase) async throws -> T, on connection: any SQLDatabase, begin: String, log: CommitLog
    ) async throws -> T {
        try await connection.raw(SQLQueryString(begin)).run()
        do {
            let result = try await ActiveTransaction.$current.withValue(ActiveTransaction(owner: ObjectIdentifier(self), sql: connection, log: log)) {
                try await body(connection)
            }
            try await connection.raw("COMMIT").run()
            return result
        } catch {
            try? await connection.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Adds an observer told every mutation record after its transaction commits (see `CommitObserver`).
    public func observeCommits(_ observer: any CommitObserver) {
        commitObservers.add(observer)
    }

    /// True when the database answers a trivial query.
    public func ping() async -> Bool {
        (try? await sql.raw("SELECT 1 AS one").first()) != nil
    }
}

/// The transaction the current task is inside, if any (see `Database.transaction`).
struct ActiveTransaction: Sendable {
    let owner: ObjectIdentifier
    let sql: any SQLDatabase
    /// The mutation records written so far, for the commit observers.
    let log: CommitLog
    @TaskLocal static var current: ActiveTransaction?
}
