import CRMCore
import Foundation
import Catalog

extension AvailabilityService {
    /// The staff members whose every covered day is cached, with those grids (one store lookup).
    func cachedGrids(of staff: [StaffAvailability], clock: CellClock, tenant: TenantID) async -> [StaffID: [DayGrid]] {
        guard let cache, !staff.isEmpty else { return [:] }
        let keys = staff.flatMap { member in clock.days.map { DayGridCache.Key(tenant: tenant, staff: member.staffId, date: $0.date) } }
        let cached = await cache.grids(keys)
        var found: [StaffID: [DayGrid]] = [:]
        for member in staff {
            let grids = clock.days.compactMap { cached[DayGridCache.Key(tenant: tenant, staff: member.staffId, date: $0.date)] }
            if grids.count == clock.days.count { found[member.staffId] = grids }
        }
        return found
    }

    /// Keeps freshly computed grids, each covered day under its own key, unless invalidated since `ticket`.
    func store(_ computed: [(StaffID, [DayGrid])], clock: CellClock, tenant: TenantID, since ticket: DayGridTicket) async {
        guard let cache, !computed.isEmpty else { return }
        var grids: [DayGridCache.Key: DayGrid] = [:]
        for (staff, days) in computed {
            for (day, grid) in zip(clock.days, days) { grids[.init(tenant: tenant, staff: staff, date: day.date)] = grid }
        }
        await cache.store(grids, since: ticket)
    }
}
