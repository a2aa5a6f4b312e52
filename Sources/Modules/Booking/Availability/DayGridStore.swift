import CRMCore
import Foundation

/// Where computed day grids are kept: in process (`DayGridCache`, the default) or in Redis
/// (`RedisDayGrids`, when `REDIS_URL` is set, shared by every server process). Both follow the
/// same rule against the pre-commit race: a reader takes a ticket before it reads anything a grid
/// is computed from, and a store whose ticket is older than an invalidation covering its key is
/// dropped (see `DayGridCache`).
///
/// A store that cannot answer (Redis down) answers "nothing cached" and "do not store": the
/// slot engine then computes from the database, which is always correct, only slower.
public protocol DayGridStore: Sendable {
    /// The ticket to store with; nil when nothing computed now may be stored.
    func readTicket() async -> DayGridTicket?
    /// The cached grids among `keys` (missing keys are not cached).
    func grids(_ keys: [DayGridCache.Key]) async -> [DayGridCache.Key: DayGrid]
    /// Keeps `grids` unless an invalidation covering a key came after `ticket`.
    func store(_ grids: [DayGridCache.Key: DayGrid], since ticket: DayGridTicket) async
    /// Drops the staff member's grids of `dates` (a booking, a cancellation, an override).
    func invalidate(tenant: TenantID, staff: StaffID, dates: [LocalDate]) async
    /// Drops every grid of the staff member (their schedule, location or services changed).
    func invalidate(tenant: TenantID, staff: StaffID) async
    /// Drops every grid of the tenant (its time zone changed).
    func invalidate(tenant: TenantID) async
}

/// The invalidation epoch when a reader started reading (see `DayGridStore`).
public struct DayGridTicket: Sendable, Equatable {
    let epoch: UInt64
}
