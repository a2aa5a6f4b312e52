import Foundation
import NIOPosix
import Synchronization

/// A few kept-open hiredis connections to one endpoint, each lent to one caller at a time and
/// used on a thread-pool thread (hiredis blocks). A connection that failed is closed, not
/// returned: the next caller opens a fresh one, so a Redis restart heals by itself. After a
/// connection error the pool fails fast for `pauseSeconds` (an unreachable host must not cost
/// every request a connect timeout).
public final class RedisPool: Sendable {
    public let endpoint: RedisEndpoint
    private let idle = Mutex<[RedisConnection]>([])
    private let keepIdle: Int
    private let timeoutSeconds: Int
    private let pauseSeconds: Double
    private let pausedUntil = Mutex<Date?>(nil)

    public init(_ endpoint: RedisEndpoint, keepIdle: Int = 8, timeoutSeconds: Int = 1, pauseSeconds: Double = 5) {
        self.endpoint = endpoint
        self.keepIdle = keepIdle
        self.timeoutSeconds = timeoutSeconds
        self.pauseSeconds = pauseSeconds
    }

    /// Runs `body` with a connection of the pool, off the event loops.
    public func run<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T) async throws -> T {
        if let until = pausedUntil.withLock({ $0 }), until > Date() { throw RedisError.connection("paused after a connection error") }
        return try await NIOThreadPool.singleton.runIfActive { [self] in
            // A kept connection may have died with a Redis restart: one more try on a fresh one.
            if let kept = idle.withLock({ $0.popLast() }) {
                do { return try attempt(body, on: kept) } catch RedisError.connection(_) {}
            }
            do {
                return try attempt(body, on: RedisConnection(endpoint, timeoutSeconds: timeoutSeconds))
            } catch let error as RedisError {
                if case .connection = error { pausedUntil.withLock { $0 = Date().addingTimeInterval(pauseSeconds) } }
                throw error
            }
        }
    }

    /// Runs `body` on `connection` and keeps the connection when it worked.
    private func attempt<T>(_ body: (RedisConnection) throws -> T, on connection: RedisConnection) throws -> T {
        let result = try body(connection)
        idle.withLock { connections in
            if connections.count < keepIdle { connections.append(connection) }
        }
        return result
    }
}
