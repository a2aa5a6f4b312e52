import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@testable import Tenancy

/// Request budgets per credential (reads and writes apart) and per IP, `429 rate_limited` with
/// `Retry-After`, a new minute a new budget; in memory and in Redis alike.
@Suite struct RateLimitTests {
    static let tight = ["rate.limit.reads": "3", "rate.limit.writes": "2", "rate.limit.public": "2", "rate.limit.ip": "0"]

    @Test func readsAndWritesHaveTheirOwnBudgetPerCredentialAndAMinuteLaterItIsBack() async throws {
        try await withTestApp(config: Self.tight) { client, app in
            let world = try await StudioWorld.studio(client, app)
            let other = try await world.member(.manager)
            // when: four reads with one token
            var reads: [Int] = []
            for _ in 0..<4 { reads.append(try await client.call(.get, "/api/v1/clients", as: .bearer(world.token)).status.code) }
            // then: the fourth is refused, with when to come back
            #expect(reads == [200, 200, 200, 429])
            let refused = try await client.call(.get, "/api/v1/clients", as: .bearer(world.token))
            #expect(refused.errorCode == "rate_limited")
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            // writes have their own budget, another token its own, health is never counted
            #expect(try await client.call(.post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"W1"}"#).status == .created)
            #expect(try await client.call(.get, "/api/v1/clients", as: .bearer(other.token)).status == .ok)
            for _ in 0..<5 { #expect(try await client.call(.get, "/api/v1/health").status == .ok) }
            _ = try await client.call(.post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"W2"}"#)
            #expect(try await client.call(.post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"W3"}"#).errorCode == "rate_limited")
            // a minute later the budget is back
            app.clock.advance(by: Double(retryAfter))
            #expect(try await client.call(.get, "/api/v1/clients", as: .bearer(world.token)).status == .ok)
        }
    }

    @Test func requestsWithoutCredentialsHaveABudgetPerAddress() async throws {
        try await withTestApp(config: Self.tight) { client, _ in
            var statuses: [Int] = []
            for _ in 0..<3 {
                statuses.append(try await client.call(.post, "/api/v1/auth/login", json: #"{"email":"nobody@x.test","password":"wrong password"}"#).status.code)
            }
            #expect(statuses == [401, 401, 429])
        }
    }

    @Test func theMemoryStoreCountsPerKeyAndWindow() async throws {
        try await Self.countsPerKeyAndWindow(MemoryRateLimitStore())
    }

    @Test(.enabled(if: CacheBackend.redisURL != nil, "set REDIS_URL to run against a real Redis"))
    func theRedisStoreCountsPerKeyAndWindow() async throws {
        let endpoint = try #require(RedisEndpoint(url: CacheBackend.redisURL!))
        try await Self.countsPerKeyAndWindow(RedisRateLimitStore(pool: RedisPool(endpoint)))
    }

    static func countsPerKeyAndWindow(_ store: any RateLimitStore) async throws {
        let key = "test:\(UUID().uuidString)"
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var counts: [Int] = []
        for second in [0.0, 10, 59] { counts.append(try await store.hit(key, window: 60, now: start.addingTimeInterval(second)).count) }
        let next = try await store.hit(key, window: 60, now: start.addingTimeInterval(60))
        let other = try await store.hit(key + ":other", window: 60, now: start)
        #expect(counts == [1, 2, 3])
        #expect(next.count == 1 && next.resetsAt == start.addingTimeInterval(120))
        #expect(other.count == 1)
    }
}
