import Foundation
import Synchronization

/// Counts requests per key in fixed windows. `hit` adds one to `key`'s count in the window that
/// holds `now` and answers the count so far with the window's end.
public protocol RateLimitStore: Sendable {
    func hit(_ key: String, window: TimeInterval, now: Date) async throws -> (count: Int, resetsAt: Date)
}

/// In this process's memory (the default): exact for one server process.
public final class MemoryRateLimitStore: RateLimitStore {
    private struct Counter {
        var window: Int64
        var count: Int
    }

    private struct Counters {
        var byKey: [String: Counter] = [:]
        /// The window the finished ones were last dropped in.
        var prunedIn: Int64 = 0
    }

    private let counters = Mutex(Counters())

    public init() {}

    public func hit(_ key: String, window: TimeInterval, now: Date) async throws -> (count: Int, resetsAt: Date) {
        let number = Int64((now.timeIntervalSince1970 / window).rounded(.down))
        let count = counters.withLock { counters -> Int in
            // Once per window, the counts of finished windows go: memory follows the keys of one minute.
            if counters.prunedIn != number {
                counters.byKey = counters.byKey.filter { $0.value.window >= number }
                counters.prunedIn = number
            }
            var counter = counters.byKey[key] ?? Counter(window: number, count: 0)
            if counter.window != number { counter = Counter(window: number, count: 0) }
            counter.count += 1
            counters.byKey[key] = counter
            return counter.count
        }
        return (count, Date(timeIntervalSince1970: Double(number + 1) * window))
    }
}

/// In Redis (`REDIS_URL`): one count per key and window shared by every server process.
/// `INCR` then `EXPIRE` on the window's own key, so a count never outlives its window.
public struct RedisRateLimitStore: RateLimitStore {
    let pool: RedisPool

    public init(pool: RedisPool) { self.pool = pool }

    public func hit(_ key: String, window: TimeInterval, now: Date) async throws -> (count: Int, resetsAt: Date) {
        let number = Int64((now.timeIntervalSince1970 / window).rounded(.down))
        let redisKey = "veloria:rate:\(key):\(number)"
        let seconds = String(Int(window.rounded(.up)) + 1)
        let count = try await pool.run { connection -> Int in
            guard case .integer(let count) = try connection.command(["INCR", redisKey]) else {
                throw RedisError.reply("INCR answered no integer")
            }
            if count == 1 { _ = try connection.command(["EXPIRE", redisKey, seconds]) }
            return Int(count)
        }
        return (count, Date(timeIntervalSince1970: Double(number + 1) * window))
    }
}
