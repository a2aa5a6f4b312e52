import CRMCore
import Foundation

extension AvailabilityService {
    /// The staff members whose every covered day is cached, with those grids.
    func cachedGrids(of staff: [StaffAvailability], clock: CellClock, tenant: TenantID) -> [StaffID: [DayGrid]] {
        guard let cache else { return [:] }
        var found: [StaffID: [DayGrid]] = [:]
        for member in staff {
            var grids: [DayGrid] = []
            grids.reserveCapacity(clock.days.count)
            for day in clock.days {
                guard let grid = cache.grid(.init(tenant: tenant, staff: member.staffId, date: day.date)) else { break }
                grids.append(grid)
            }
            if grids.count == clock.days.count { found[member.staffId] = grids }
        }
        return found
    }

    /// Keeps freshly computed grids, each covered day under its own key, unless invalidated since `ticket`.
    func store(_ computed: [(StaffID, [DayGrid])], clock: CellClock, tenant: TenantID, since ticket: DayGridCache.Ticket) {
        guard let cache else { return }
        for (staff, grids) in computed {
            for (day, grid) in zip(clock.days, grids) {
                cache.store(grid, for: .init(tenant: tenant, staff: staff, date: day.date), since: ticket)
            }
        }
    }
}
