import Foundation
import NIOPosix
import Synchronization

/// A few kept-open hiredis connections to one endpoint, each lent to one caller at a time and
/// used on a thread-pool thread (hiredis blocks). A connection that failed is closed, not
/// returned: the next caller opens a fresh one, so a Redis restart heals by itself.
public final class RedisPool: Sendable {
    public let endpoint: RedisEndpoint
    private let idle = Mutex<[RedisConnection]>([])
    private let keepIdle: Int
    private let timeoutSeconds: Int

    public init(_ endpoint: RedisEndpoint, keepIdle: Int = 8, timeoutSeconds: Int = 1) {
        self.endpoint = endpoint
        self.keepIdle = keepIdle
        self.timeoutSeconds = timeoutSeconds
    }

    /// Runs `body` with a connection of the pool, off the event loops.
    public func run<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            let connection = try idle.withLock { $0.popLast() } ?? RedisConnection(endpoint, timeoutSeconds: timeoutSeconds)
            let result = try body(connection)
            idle.withLock { connections in
                if connections.count < keepIdle { connections.append(connection) }
            }
            return result
        }
    }
}
