import CRMCore
import Foundation
import Testing
import TestSupport

@testable import Modules

/// The day-grid stores the cache tests run against: in process always, Redis when `REDIS_URL`
/// is set (scripts/test and CI always set it).
enum CacheBackend: String, Sendable, CustomTestStringConvertible {
    case memory
    case redis

    static let redisURL = ProcessInfo.processInfo.environment["REDIS_URL"]
    static var all: [CacheBackend] { redisURL == nil ? [.memory] : [.memory, .redis] }

    var testDescription: String { rawValue }

    /// `withTestApp` configuration that makes the application use this store.
    var config: [String: String] { self == .redis ? ["redis.url": Self.redisURL!] : [:] }

    /// A store of its own (Redis keys under a fresh prefix).
    func store() -> any DayGridStore {
        switch self {
        case .memory: DayGridCache()
        case .redis: RedisDayGrids(pool: RedisPool(RedisEndpoint(url: Self.redisURL!)!), logger: testLogger, prefix: Self.freshPrefix())
        }
    }

    static func freshPrefix() -> String { "veloria:test:{\(UUID().uuidString)}:" }
}
