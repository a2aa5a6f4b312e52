import CRMCore
import Foundation
import Testing

@testable import Modules

/// What `AvailabilityService` relies on from any day-grid store, run against each of them.
@Suite struct DayGridStoreContractTests {
    static let tenant = TenantID(UUID())
    static let other = TenantID(UUID())
    static let anna = StaffID(UUID())
    static let bella = StaffID(UUID())
    static let grid = DayGrid(cells: 36..<52)

    static func key(_ tenant: TenantID, _ staff: StaffID, _ date: String) -> DayGridCache.Key {
        DayGridCache.Key(tenant: tenant, staff: staff, date: LocalDate(iso: date)!)
    }

    static let dates = ["2026-06-01", "2026-06-02", "2026-06-03"]
    static let keys = [tenant, other].flatMap { tenant in [anna, bella].flatMap { staff in dates.map { key(tenant, staff, $0) } } }

    @Test(arguments: CacheBackend.all)
    func invalidationsDropExactlyTheirGrids(_ backend: CacheBackend) async throws {
        // given: two tenants × two staff × three days stored
        let store = backend.store()
        let ticket = try #require(await store.readTicket())
        await store.store(Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, Self.grid) }), since: ticket)
        #expect(await store.grids(Self.keys).count == 12)
        // when: Anna's 2 June
        await store.invalidate(tenant: Self.tenant, staff: Self.anna, dates: [LocalDate(iso: "2026-06-02")!])
        // then: only that grid is gone (not the other tenant's Anna-id, not her other days)
        var left = await store.grids(Self.keys)
        #expect(left.count == 11 && left[Self.key(Self.tenant, Self.anna, "2026-06-02")] == nil)
        #expect(left[Self.key(Self.tenant, Self.anna, "2026-06-01")] == Self.grid)
        // when: all of Anna, then the whole tenant
        await store.invalidate(tenant: Self.tenant, staff: Self.anna)
        left = await store.grids(Self.keys)
        #expect(left.count == 9 && left.keys.allSatisfy { $0.tenant == Self.other || $0.staff == Self.bella })
        await store.invalidate(tenant: Self.tenant)
        left = await store.grids(Self.keys)
        #expect(left.count == 6 && left.keys.allSatisfy { $0.tenant == Self.other })
        // then: storing afresh after the invalidations works again
        let fresh = try #require(await store.readTicket())
        await store.store([Self.key(Self.tenant, Self.anna, "2026-06-02"): .empty], since: fresh)
        #expect(await store.grids([Self.key(Self.tenant, Self.anna, "2026-06-02")]) == [Self.key(Self.tenant, Self.anna, "2026-06-02"): .empty])
    }

    @Test(arguments: CacheBackend.all)
    func aGridReadBeforeAnInvalidationIsNeverStoredAfterIt(_ backend: CacheBackend) async throws {
        // given: a reader takes its ticket, then a commit invalidates Anna's 2 June
        let store = backend.store()
        let day = Self.key(Self.tenant, Self.anna, "2026-06-02")
        let untouched = Self.key(Self.tenant, Self.anna, "2026-06-03")
        let early = try #require(await store.readTicket())
        await store.invalidate(tenant: Self.tenant, staff: Self.anna, dates: [day.date])
        // when: the reader stores what it computed from pre-commit data
        await store.store([day: .full, untouched: .full], since: early)
        // then: the stale day is refused, the untouched one kept
        #expect(await store.grids([day, untouched]) == [untouched: .full])
        // when: the same across a staff-wide and a tenant-wide invalidation
        let beforeStaff = try #require(await store.readTicket())
        await store.invalidate(tenant: Self.tenant, staff: Self.anna)
        await store.store([day: .full], since: beforeStaff)
        #expect(await store.grids([day, untouched]).isEmpty)
        let beforeTenant = try #require(await store.readTicket())
        await store.invalidate(tenant: Self.tenant)
        await store.store([day: .full], since: beforeTenant)
        #expect(await store.grids([day]).isEmpty)
        // then: a reader that started after every invalidation stores
        let late = try #require(await store.readTicket())
        await store.store([day: .empty], since: late)
        #expect(await store.grids([day]) == [day: .empty])
    }
}
