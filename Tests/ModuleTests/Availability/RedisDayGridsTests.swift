import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@testable import Modules
@testable import Booking

/// Redis-specific behaviour of the day-grid store: what happens when Redis fails.
@Suite struct RedisDayGridsTests {
    static let tenant = TenantID(UUID())
    static let anna = StaffID(UUID())
    static let day = DayGridCache.Key(tenant: tenant, staff: anna, date: LocalDate(iso: "2026-06-02")!)

    @Test func anUnreachableRedisMeansNothingCachedAndNothingStored() async throws {
        // given
        let store = RedisDayGrids(pool: RedisPool(RedisEndpoint(host: "127.0.0.1", port: 1)), logger: testLogger)
        // when
        let ticket = await store.readTicket()
        await store.store([Self.day: .full], since: DayGridTicket(epoch: 0))
        await store.invalidate(tenant: Self.tenant, staff: Self.anna, dates: [Self.day.date])
        // then
        #expect(ticket == nil)
        #expect(await store.grids([Self.day]).isEmpty)
    }

    @Test(.enabled(if: CacheBackend.redisURL != nil, "set REDIS_URL to run against a real Redis"))
    func aFailedInvalidationIsRetriedBeforeRedisIsTrustedAgain() async throws {
        // given: a stored grid; then Redis refuses the invalidation (its epoch is not a number)
        let endpoint = try #require(RedisEndpoint(url: CacheBackend.redisURL!))
        let prefix = CacheBackend.freshPrefix()
        let store = RedisDayGrids(pool: RedisPool(endpoint), logger: testLogger, prefix: prefix)
        await store.store([Self.day: .full], since: try #require(await store.readTicket()))
        #expect(await store.grids([Self.day]) == [Self.day: .full])
        try await RedisConnection.run(endpoint) { try $0.command(["SET", prefix + "epoch", "not-a-number"]) }
        // when
        await store.invalidate(tenant: Self.tenant, staff: Self.anna, dates: [Self.day.date])
        // then: the stale grid is still in Redis, but this process neither reads nor stores
        #expect(await store.grids([Self.day]).isEmpty)
        #expect(await store.readTicket() == nil)
        // when: Redis takes commands again
        try await RedisConnection.run(endpoint) { try $0.command(["SET", prefix + "epoch", "41"]) }
        // then: the invalidation lands first, so the stale grid is gone and storing works again
        #expect(await store.grids([Self.day]).isEmpty)
        let ticket = try #require(await store.readTicket())
        #expect(ticket == DayGridTicket(epoch: 42))
        await store.store([Self.day: .empty], since: ticket)
        #expect(await store.grids([Self.day]) == [Self.day: .empty])
    }

    @Test func slotsAndBookingsWorkWhileRedisIsDown() async throws {
        try await withTestApp(config: ["redis.url": "redis://127.0.0.1:1"]) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let before = try await world.starts(client)
            // when
            _ = try await world.book(client, "2026-06-02T10:00:00")
            let after = try await world.starts(client)
            // then
            #expect(before.contains("2026-06-02T10:00"))
            #expect(!after.contains("2026-06-02T10:00") && after.contains("2026-06-02T11:00"))
        }
    }
}
