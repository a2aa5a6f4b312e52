import CRMCore
import Foundation
import Testing

@Suite struct RedisConnectionTests {
    static let url = ProcessInfo.processInfo.environment["REDIS_URL"]

    @Test func parsesRedisURLs() {
        #expect(RedisEndpoint(url: "redis://127.0.0.1:6380/2") == RedisEndpoint(host: "127.0.0.1", port: 6380, database: 2))
        #expect(RedisEndpoint(url: "redis://:s%40cret@cache.internal") == RedisEndpoint(host: "cache.internal", password: "s@cret"))
        #expect(RedisEndpoint(url: "http://127.0.0.1:6379") == nil)
        #expect(RedisEndpoint(url: "redis://127.0.0.1:6379/x") == nil)
        #expect(RedisEndpoint(url: "redis://127.0.0.1:0") == nil)
        #expect(RedisEndpoint(url: "redis://:6379") == nil)
        #expect(RedisEndpoint(url: "redis://[::1]:6381") == RedisEndpoint(host: "::1", port: 6381))
        #expect(RedisEndpoint(url: "redis://default:pa%3Ass@10.0.0.5/1") == RedisEndpoint(host: "10.0.0.5", password: "pa:ss", database: 1))
    }

    @Test(.enabled(if: url != nil, "set REDIS_URL to run against a real Redis"))
    func commandsRoundTripAgainstARealServer() async throws {
        let endpoint = try #require(RedisEndpoint(url: Self.url!))
        let key = "veloria:test:\(UUID().uuidString)"
        let replies = try await RedisConnection.run(endpoint) { redis in
            [
                try redis.command(["SET", key, "välue", "EX", "60"]),
                try redis.command(["GET", key]),
                try redis.command(["DEL", key]),
                try redis.command(["GET", key]),
            ]
        }
        #expect(replies == [.string("OK"), .string("välue"), .integer(1), .null])
        #expect(await RedisConnection.ping(endpoint))
    }

    @Test func pingFailsWhenNothingListens() async {
        #expect(await RedisConnection.ping(RedisEndpoint(host: "127.0.0.1", port: 1)) == false)
    }
}

@Suite struct RedisPoolTests {
    @Test(.enabled(if: RedisConnectionTests.url != nil, "set REDIS_URL to run against a real Redis"))
    func aKeptConnectionThatDiedIsReplacedWithoutAFailure() async throws {
        // given: the pool keeps a connection, which the server then closes
        let endpoint = try #require(RedisEndpoint(url: RedisConnectionTests.url!))
        let pool = RedisPool(endpoint)
        let id = try await pool.run { try $0.command(["CLIENT", "ID"]) }
        guard case .integer(let number) = id else { Issue.record("CLIENT ID answered \(id)"); return }
        _ = try await RedisConnection.run(endpoint) { try $0.command(["CLIENT", "KILL", "ID", String(number)]) }
        // when
        let reply = try await pool.run { try $0.command(["CLIENT", "ID"]) }
        // then: answered on a fresh connection
        #expect(reply != id && reply != .null)
    }

    @Test func anUnreachableServerFailsFastAfterTheFirstError() async throws {
        // given
        let pool = RedisPool(RedisEndpoint(host: "127.0.0.1", port: 1), pauseSeconds: 60)
        await #expect(throws: RedisError.self) { try await pool.run { try $0.command(["PING"]) } }
        // when / then: the second call does not try to connect
        await #expect {
            try await pool.run { try $0.command(["PING"]) }
        } throws: { error in
            "\(error)".contains("paused")
        }
    }
}
