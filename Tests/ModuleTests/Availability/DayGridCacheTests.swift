import CRMCore
import Foundation
import Testing

@testable import Modules

@Suite struct DayGridCacheTests {
    static let tenant = TenantID(UUID())
    static let other = TenantID(UUID())

    static func key(_ tenant: TenantID, _ staff: StaffID, _ date: String) -> DayGridCache.Key {
        .init(tenant: tenant, staff: staff, date: LocalDate(iso: date)!)
    }

    @Test func invalidationDropsExactlyTheAffectedDays() {
        // given
        let cache = DayGridCache()
        let anna = StaffID(UUID())
        let bella = StaffID(UUID())
        let grid = DayGrid(cells: 36..<52)
        for date in ["2026-06-01", "2026-06-02", "2026-06-03"] {
            cache.store(grid, for: Self.key(Self.tenant, anna, date))
            cache.store(grid, for: Self.key(Self.tenant, bella, date))
            cache.store(grid, for: Self.key(Self.other, anna, date))
        }
        // when: a booking on the 2nd
        cache.invalidate(tenant: Self.tenant, staff: anna, dates: [LocalDate(iso: "2026-06-02")!])
        // then
        #expect(cache.grid(Self.key(Self.tenant, anna, "2026-06-02")) == nil)
        #expect(cache.grid(Self.key(Self.tenant, anna, "2026-06-01")) == grid)
        #expect(cache.grid(Self.key(Self.other, anna, "2026-06-02")) == grid)
        // when: Anna's schedule changes
        cache.invalidate(tenant: Self.tenant, staff: anna)
        // then
        #expect(cache.grid(Self.key(Self.tenant, anna, "2026-06-01")) == nil && cache.grid(Self.key(Self.tenant, bella, "2026-06-01")) == grid)
        // when: the tenant's location hours change
        cache.invalidate(tenant: Self.tenant)
        // then
        #expect(cache.count == 3 && cache.grid(Self.key(Self.other, anna, "2026-06-03")) == grid)
    }

    @Test func theCacheStartsOverAtItsLimit() {
        // given
        let cache = DayGridCache(limit: 2)
        let anna = StaffID(UUID())
        cache.store(.full, for: Self.key(Self.tenant, anna, "2026-06-01"))
        cache.store(.full, for: Self.key(Self.tenant, anna, "2026-06-02"))
        // when
        cache.store(.empty, for: Self.key(Self.tenant, anna, "2026-06-03"))
        // then
        #expect(cache.count == 1 && cache.grid(Self.key(Self.tenant, anna, "2026-06-03")) == .empty)
    }
}

@Suite struct DayGridCacheRaceTests {
    @Test func aGridReadBeforeAnInvalidationIsNotStoredAfterIt() {
        // given: a reader takes its ticket, then a commit invalidates the staff member's day and the whole staff member
        let cache = DayGridCache()
        let tenant = TenantID(UUID())
        let anna = StaffID(UUID())
        let key = DayGridCache.Key(tenant: tenant, staff: anna, date: LocalDate(iso: "2026-06-02")!)
        let other = DayGridCache.Key(tenant: tenant, staff: anna, date: LocalDate(iso: "2026-06-03")!)
        let early = cache.ticket()
        cache.invalidate(tenant: tenant, staff: anna, dates: [key.date])
        // when: the reader stores what it computed from pre-commit data; a later reader stores too
        cache.store(.full, for: key, since: early)
        cache.store(.full, for: other, since: early)
        let late = cache.ticket()
        cache.store(.empty, for: key, since: late)
        // then: the stale day is refused, the untouched day kept, the fresh one stored
        #expect(cache.grid(other) == .full)
        #expect(cache.grid(key) == .empty)
        // when: a staff-wide and a tenant-wide invalidation
        let beforeStaff = cache.ticket()
        cache.invalidate(tenant: tenant, staff: anna)
        cache.store(.full, for: other, since: beforeStaff)
        let beforeTenant = cache.ticket()
        cache.invalidate(tenant: tenant)
        cache.store(.full, for: key, since: beforeTenant)
        // then
        #expect(cache.count == 0)
    }
}
