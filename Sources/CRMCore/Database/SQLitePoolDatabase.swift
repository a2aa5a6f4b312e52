@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
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

/// Opens SQLite connections with the settings every connection needs: foreign keys, and a busy
/// timeout so concurrent writers wait instead of failing. (WAL is set once per file by
/// `Database.sqlite`.) It opens them itself rather than through sqlite-kit's source, which drops a
/// connection without closing it when its `PRAGMA foreign_keys` fails; a connection that is not
/// closed trips sqlite-nio's debug assertion and kills the process. A connection whose set-up
/// fails is closed here, and `connections` lets shutdown close any the pool let go of.
struct SQLiteTunedConnectionSource: ConnectionPoolSource {
    let path: String
    let threadPool: NIOThreadPool
    let busyTimeoutMilliseconds: Int
    let connections = SQLiteConnectionRegistry()

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        let pragmas = ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", "PRAGMA synchronous = NORMAL"]
        let opened = SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            .flatMap { connection in
                connections.opened(connection)
                return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { chain, pragma in
                    chain.flatMap { connection.query(pragma).map { _ in } }
                }
                .map { connection }
                .flatMapError { error in connection.close().flatMapThrowing { throw error } }
            }
        connections.opening(opened.map { _ in })
        return opened
    }
}

/// The connections a source opened (weakly held) and the openings still under way.
final class SQLiteConnectionRegistry: @unchecked Sendable {
    private struct Weak {
        weak var connection: SQLiteConnection?
    }

    private let lock = NSLock()
    private var connections: [Weak] = []
    private var pending: [ObjectIdentifier: EventLoopFuture<Void>] = [:]

    func opened(_ connection: SQLiteConnection) {
        lock.withLock {
            connections.removeAll { $0.connection == nil }
            connections.append(Weak(connection: connection))
        }
    }

    func opening(_ future: EventLoopFuture<Void>) {
        let key = ObjectIdentifier(future)
        lock.withLock { pending[key] = future }
        future.whenComplete { _ in self.lock.withLock { _ = self.pending.removeValue(forKey: key) } }
    }

    /// Waits for the openings under way, then closes every connection still open. Called after
    /// the pool shut down and before the thread pool does, while closing can still run.
    func closeAll() async {
        for future in lock.withLock({ Array(pending.values) }) { _ = try? await future.get() }
        let open = lock.withLock { connections.compactMap(\.connection).filter { !$0.isClosed } }
        for connection in open { try? await connection.close().get() }
    }
}
