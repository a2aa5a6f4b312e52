import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// SPEC §4 "computed day grids are cached and only the affected days are invalidated": for each
/// kind of change, warm the cache with `/availability/slots`, change through the API, ask again.
/// A stale grid would still show the old answer.
@Suite struct SlotCacheInvalidationTests {
    @Test(arguments: CacheBackend.all)
    func aBookingTakesItsTimeOutOfAWarmGrid(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            // when
            _ = try await world.book(client, "2026-06-02T10:00:00")
            let after = try await world.starts(client)
            // then
            #expect(warm.contains("2026-06-02T10:00"))
            #expect(!after.contains("2026-06-02T10:00") && after.contains("2026-06-02T11:00"))
        }
    }

    @Test(arguments: CacheBackend.all)
    func cancellingGivesTheTimeBackToAWarmGrid(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let booked = try await world.book(client, "2026-06-02T10:00:00")
            let warm = try await world.starts(client)
            // when
            _ = try await world.call(client, .post, "appointments/\(booked)/cancel", "{}")
            let after = try await world.starts(client)
            // then
            #expect(!warm.contains("2026-06-02T10:00"))
            #expect(after.contains("2026-06-02T10:00"))
        }
    }

    @Test(arguments: CacheBackend.all)
    func aRescheduleFreesTheOldDayAndTakesTheNewOne(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let booked = try await world.book(client, "2026-06-02T10:00:00")
            let warm = try await world.starts(client, to: "2026-06-03")
            // when
            _ = try await world.call(client, .post, "appointments/\(booked)/reschedule", body: RescheduleBody(startsAt: "2026-06-03T11:00:00"))
            let after = try await world.starts(client, to: "2026-06-03")
            // then
            #expect(!warm.contains("2026-06-02T10:00") && warm.contains("2026-06-03T11:00"))
            #expect(after.contains("2026-06-02T10:00") && !after.contains("2026-06-03T11:00"))
        }
    }

    @Test(arguments: CacheBackend.all)
    func aStaffOverrideAddedAndRemovedReachesAWarmGrid(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            // when
            let added = try await world.call(client, .post, "staff/\(world.staffId)/overrides", #"{"date":"2026-06-02","kind":"day_off"}"#)
            let dayOff = try await world.starts(client)
            _ = try await world.call(client, .delete, "staff/\(world.staffId)/overrides/\(try added.decoded(IdBody.self).id)")
            let back = try await world.starts(client)
            // then
            #expect(!warm.isEmpty && dayOff.isEmpty)
            #expect(back == warm)
        }
    }

    @Test(arguments: CacheBackend.all)
    func aLocationOverrideReachesTheWarmGridsOfItsStaff(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            // when
            _ = try await world.call(
                client, .post, "locations/\(world.defaultLocationId)/overrides",
                #"{"date":"2026-06-02","kind":"blocked","intervals":[["10:00","11:00"]]}"#)
            let after = try await world.starts(client)
            // then
            #expect(warm.contains("2026-06-02T10:00"))
            #expect(!after.contains("2026-06-02T10:00") && after.contains("2026-06-02T11:00"))
        }
    }

    @Test(arguments: CacheBackend.all)
    func aStaffScheduleChangeReachesEveryWarmDay(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client, to: "2026-06-09")
            // when
            _ = try await world.call(client, .patch, "staff/\(world.staffId)", body: ["schedule": everyDay([["14:00", "16:00"]])])
            let after = try await world.starts(client, to: "2026-06-09")
            // then
            #expect(warm.contains("2026-06-09T10:00"))
            #expect(after.contains("2026-06-09T14:00") && after.contains("2026-06-02T15:00") && !after.contains { $0.hasSuffix("T10:00") })
        }
    }

    @Test(arguments: CacheBackend.all)
    func aLocationScheduleChangeReachesEveryWarmDayOfItsStaff(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client, to: "2026-06-09")
            // when
            _ = try await world.call(
                client, .patch, "locations/\(world.defaultLocationId)", body: ["schedule": everyDay([["11:00", "21:00"]])])
            let after = try await world.starts(client, to: "2026-06-09")
            // then
            #expect(warm.contains("2026-06-09T10:00"))
            #expect(!after.isEmpty && !after.contains { $0.hasSuffix("T10:00") } && after.contains("2026-06-09T11:00"))
        }
    }

    @Test(arguments: CacheBackend.all)
    func aServiceDurationOrBreakChangeReachesAWarmGrid(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given: 10:00–13:00 offers one-hour starts 10:00 … 12:00
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            // when
            _ = try await world.call(client, .patch, "services/\(world.serviceId)", #"{"durationMinutes":90}"#)
            let longer = try await world.starts(client)
            _ = try await world.call(client, .patch, "services/\(world.serviceId)", #"{"breakMinutes":30}"#)
            let withBreak = try await world.starts(client)
            // then
            #expect(warm.first == "2026-06-02T10:00" && warm.last == "2026-06-02T12:00")
            #expect(longer.first == "2026-06-02T10:00" && longer.last == "2026-06-02T11:30")
            #expect(withBreak.first == "2026-06-02T10:00" && withBreak.last == "2026-06-02T11:00")
        }
    }

    @Test(arguments: CacheBackend.all)
    func aStaffServiceLinkChangeReachesAWarmAnswer(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            // when
            _ = try await world.call(client, .patch, "staff/\(world.staffId)", #"{"serviceIds":[]}"#)
            let unlinked = try await world.starts(client)
            _ = try await world.call(client, .patch, "staff/\(world.staffId)", #"{"serviceIds":["\#(world.serviceId)"]}"#)
            let relinked = try await world.starts(client)
            // then
            #expect(!warm.isEmpty && unlinked.isEmpty && relinked == warm)
        }
    }

    @Test(arguments: CacheBackend.all)
    func theEndpointServesCachedGrids(_ backend: CacheBackend) async throws {
        try await withTestApp(config: backend.config) { client, app in
            // given: a warm grid, then a change written behind the services' back (no commit observer sees it)
            let world = try await StudioWorld.slotCache(client, app)
            let warm = try await world.starts(client)
            try await app.database.sql.raw(
                "UPDATE staff SET schedule = \(bind: #"{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}"#) WHERE id = \(bind: UUID(uuidString: world.staffId)!)"
            ).run()
            // when
            let cached = try await world.starts(client)
            let uncached = try await world.starts(client, to: "2026-06-03")
            // then: the warm day comes from the cache; a range not wholly cached is computed from the table
            #expect(!warm.isEmpty && cached == warm)
            #expect(uncached.isEmpty)
        }
    }
}
