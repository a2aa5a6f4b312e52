import CRMCore
import Foundation
import Synchronization

/// Computed day grids kept in process, keyed by tenant, staff member and local date (SPEC §4:
/// "only the affected days are invalidated"). A grid is the staff member's free cells that day
/// before any service is fitted: hours ∩ location hours ∩ overrides ∩ existing wall times −
/// everything their holds touch (see docs/decisions-availability.md, "Cache").
///
/// Race "computed from data read before a commit, stored after that commit's invalidation": a
/// reader takes a `ticket()` before it reads anything and stores with it; every invalidation
/// advances an epoch and remembers it per key, per staff member and per tenant, and a store
/// whose ticket is older than an invalidation that covers its key is dropped.
public final class DayGridCache: DayGridStore {
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

    public typealias Ticket = DayGridTicket

    private struct StaffKey: Hashable {
        let tenant: TenantID
        let staff: StaffID
    }

    private struct State {
        var grids: [Key: DayGrid] = [:]
        var epoch: UInt64 = 0
        /// Tickets before this are refused (set when the invalidation memory below starts over).
        var floor: UInt64 = 0
        var keyEpochs: [Key: UInt64] = [:]
        var staffEpochs: [StaffKey: UInt64] = [:]
        var tenantEpochs: [TenantID: UInt64] = [:]
        var hits = 0
        var misses = 0

        mutating func advance() -> UInt64 {
            epoch += 1
            if keyEpochs.count + staffEpochs.count + tenantEpochs.count > 100_000 {
                keyEpochs = [:]
                staffEpochs = [:]
                tenantEpochs = [:]
                floor = epoch
            }
            return epoch
        }

        func invalidated(_ key: Key, since ticket: Ticket) -> Bool {
            ticket.epoch < floor || (keyEpochs[key] ?? 0) > ticket.epoch
                || (staffEpochs[StaffKey(tenant: key.tenant, staff: key.staff)] ?? 0) > ticket.epoch
                || (tenantEpochs[key.tenant] ?? 0) > ticket.epoch
        }
    }

    private let state = Mutex(State())
    /// Beyond this many grids the cache starts over (a crude bound; 10 000 staff-days is ~1 MB).
    public let limit: Int

    public init(limit: Int = 200_000) {
        self.limit = limit
    }

    /// Take before reading anything a grid is computed from; store with it.
    public func ticket() -> Ticket {
        state.withLock { Ticket(epoch: $0.epoch) }
    }

    public func grid(_ key: Key) -> DayGrid? {
        state.withLock { state in
            let grid = state.grids[key]
            if grid == nil { state.misses += 1 } else { state.hits += 1 }
            return grid
        }
    }

    /// Stores `grid` unless something invalidated `key` after `ticket` was taken.
    public func store(_ grid: DayGrid, for key: Key, since ticket: Ticket) {
        state.withLock { state in
            guard !state.invalidated(key, since: ticket) else { return }
            if state.grids.count >= limit && state.grids[key] == nil { state.grids.removeAll(keepingCapacity: true) }
            state.grids[key] = grid
        }
    }

    /// Stores `grid` unconditionally (tests; no concurrent writer).
    public func store(_ grid: DayGrid, for key: Key) {
        store(grid, for: key, since: ticket())
    }

    /// Drops the staff member's grids of `dates` (a booking, a cancellation, an override).
    public func invalidate(tenant: TenantID, staff: StaffID, dates: [LocalDate]) {
        state.withLock { state in
            let epoch = state.advance()
            for date in dates {
                let key = Key(tenant: tenant, staff: staff, date: date)
                state.grids[key] = nil
                state.keyEpochs[key] = epoch
            }
        }
    }

    /// Drops every grid of the staff member (their schedule, location or services changed).
    public func invalidate(tenant: TenantID, staff: StaffID) {
        state.withLock { state in
            state.staffEpochs[StaffKey(tenant: tenant, staff: staff)] = state.advance()
            state.grids = state.grids.filter { !($0.key.tenant == tenant && $0.key.staff == staff) }
        }
    }

    /// Drops every grid of the tenant (its time zone changed).
    public func invalidate(tenant: TenantID) {
        state.withLock { state in
            state.tenantEpochs[tenant] = state.advance()
            state.grids = state.grids.filter { $0.key.tenant != tenant }
        }
    }

    // DayGridStore: the in-process cache never fails, so every call is answered.
    public func readTicket() -> DayGridTicket? { ticket() }

    public func grids(_ keys: [Key]) -> [Key: DayGrid] {
        var found: [Key: DayGrid] = [:]
        for key in keys { found[key] = grid(key) }
        return found
    }

    public func store(_ grids: [Key: DayGrid], since ticket: Ticket) {
        for (key, grid) in grids { store(grid, for: key, since: ticket) }
    }

    public var count: Int { state.withLock { $0.grids.count } }

    /// Lookups answered from the cache / not, since start (tests and the benchmark).
    public var hits: Int { state.withLock { $0.hits } }
    public var misses: Int { state.withLock { $0.misses } }
}
