import CRMCore
import Foundation
import Synchronization

/// Computed day grids kept in process, keyed by tenant, staff member and local date (SPEC §4:
/// "only the affected days are invalidated"). Not consulted by `AvailabilityService` yet: the
/// wiring to domain events (booking → that day, override → its date, schedule change → the
/// staff member's days, service change → its staff's days) comes with the appointments branch,
/// and a cache without it would serve stale grids.
public final class DayGridCache: Sendable {
    public struct Key: Hashable, Sendable {
        public let tenant: TenantID
        public let staff: StaffID
        public let date: LocalDate

        public init(tenant: TenantID, staff: StaffID, date: LocalDate) {
            self.tenant = tenant
            self.staff = staff
            self.date = date
        }
    }

    private let grids = Mutex<[Key: DayGrid]>([:])
    /// Beyond this many grids the cache starts over (a crude bound; 10 000 staff-days is ~1 MB).
    public let limit: Int

    public init(limit: Int = 200_000) {
        self.limit = limit
    }

    public func grid(_ key: Key) -> DayGrid? {
        grids.withLock { $0[key] }
    }

    public func store(_ grid: DayGrid, for key: Key) {
        grids.withLock { grids in
            if grids.count >= limit && grids[key] == nil { grids.removeAll(keepingCapacity: true) }
            grids[key] = grid
        }
    }

    /// Drops the staff member's grids of `dates` (a booking, a cancellation, an override).
    public func invalidate(tenant: TenantID, staff: StaffID, dates: some Sequence<LocalDate>) {
        grids.withLock { grids in
            for date in dates { grids[Key(tenant: tenant, staff: staff, date: date)] = nil }
        }
    }

    /// Drops every grid of the staff member (their schedule, location or services changed).
    public func invalidate(tenant: TenantID, staff: StaffID) {
        grids.withLock { grids in grids = grids.filter { !($0.key.tenant == tenant && $0.key.staff == staff) } }
    }

    /// Drops every grid of the tenant (a location's hours changed, a time zone changed).
    public func invalidate(tenant: TenantID) {
        grids.withLock { grids in grids = grids.filter { $0.key.tenant != tenant } }
    }

    public var count: Int { grids.withLock { $0.count } }
}
