@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// sqlite-kit only offers `.sql()` on a single connection; this adapter runs each statement on a
/// pooled connection so the whole pool can be used as one `SQLDatabase`.
struct SQLitePoolDatabase: SQLiteDatabase {
    let pool: EventLoopGroupConnectionPool<SQLiteTunedConnectionSource>
    let logger: Logger
    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger,
        _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger) { closure($0) }
    }
}

/// Opens SQLite connections with the settings every connection needs: foreign keys (sqlite-kit)
/// and a busy timeout so concurrent writers wait instead of failing. (WAL is set once per file by
/// `Database.sqlite`.) A connection whose set-up fails is closed, never leaked.
struct SQLiteTunedConnectionSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    let busyTimeoutMilliseconds: Int

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            let pragmas = ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", "PRAGMA synchronous = NORMAL"]
            return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { chain, pragma in
                chain.flatMap { connection.query(pragma).map { _ in } }
            }
            .map { connection }
            .flatMapError { error in connection.close().flatMapThrowing { throw error } }
        }
    }
}
