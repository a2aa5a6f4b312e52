import CRMCore
import Foundation
import Logging
import Synchronization

/// Day grids in Redis (`REDIS_URL`), shared by every server process: one key per tenant, staff
/// member and local date, kept 24 hours. The pre-commit race is handled as in `DayGridCache`,
/// with the epoch and the invalidation marks in Redis and the checks in Lua scripts, so a check
/// and its write are one atomic step:
/// - `epoch`: a counter every invalidation increments; a reader's ticket is its value.
/// - a date invalidation sets the date's mark to the new epoch and deletes the grid;
///   a staff or tenant invalidation sets that mark (grids are not enumerated: a grid older than
///   a mark of its staff member or tenant is ignored when read).
/// - a store is refused when a mark covering its key is newer than its ticket.
/// Marks outlive every grid they can shadow (grid TTL + 1 h).
///
/// When Redis fails, reads answer nothing and stores are skipped (the engine computes from the
/// database). A failed invalidation is kept and retried before this process trusts Redis again;
/// until it lands, this process neither reads nor stores grids.
public final class RedisDayGrids: DayGridStore {
    let pool: RedisPool
    let logger: Logger
    let prefix: String
    static let gridSeconds = 86_400
    static let markSeconds = 90_000

    enum Invalidation: Sendable {
        case dates(TenantID, StaffID, [LocalDate])
        case staff(TenantID, StaffID)
        case tenant(TenantID)
    }

    /// Invalidations Redis has not taken yet, numbered so concurrent retries remove only their own.
    private let pending = Mutex((next: 0, waiting: [(Int, Invalidation)]()))
    private let counters = Mutex((hits: 0, misses: 0))

    /// `prefix` namespaces the keys (one Redis may serve several installations; `{}` keeps them
    /// in one Redis Cluster slot, which multi-key scripts need).
    public init(pool: RedisPool, logger: Logger, prefix: String = "veloria:{slots}:") {
        self.pool = pool
        self.logger = logger
        self.prefix = prefix
    }

    /// Lookups answered from Redis / not, since start (tests and the benchmark).
    public var hits: Int { counters.withLock { $0.hits } }
    public var misses: Int { counters.withLock { $0.misses } }

    // MARK: keys

    var epochKey: String { prefix + "epoch" }
    func gridKey(_ key: DayGridCache.Key) -> String { prefix + "g:\(key.tenant):\(key.staff):\(key.date.daysSinceEpoch)" }
    func mark(_ tenant: TenantID) -> String { prefix + "m:\(tenant)" }
    func mark(_ tenant: TenantID, _ staff: StaffID) -> String { prefix + "m:\(tenant):\(staff)" }
    func mark(_ key: DayGridCache.Key) -> String { prefix + "m:\(key.tenant):\(key.staff):\(key.date.daysSinceEpoch)" }

    // MARK: DayGridStore

    public func readTicket() async -> DayGridTicket? {
        guard await settled() else { return nil }
        do {
            let reply = try await pool.run { try $0.command(["GET", self.epochKey]) }
            return DayGridTicket(epoch: Self.number(reply))
        } catch {
            logger.debug("slot cache: no ticket from redis", metadata: ["error": "\(error)"])
            return nil
        }
    }

    public func grids(_ keys: [DayGridCache.Key]) async -> [DayGridCache.Key: DayGrid] {
        guard !keys.isEmpty else { return [:] }
        guard await settled() else { return [:] }
        let tenants = Array(Set(keys.map(\.tenant)))
        let staff = Array(Set(keys.map { StaffMark(tenant: $0.tenant, staff: $0.staff) }))
        let names = tenants.map(mark) + staff.map { mark($0.tenant, $0.staff) } + keys.map(gridKey)
        let values: [RedisConnection.Reply]
        do {
            guard case .array(let array) = try await pool.run({ try $0.command(["MGET"] + names) }), array.count == names.count else {
                return [:]
            }
            values = array
        } catch {
            logger.warning("slot cache: redis read failed; computing", metadata: ["error": "\(error)"])
            return [:]
        }
        var tenantMarks: [TenantID: UInt64] = [:]
        for (tenant, value) in zip(tenants, values) { tenantMarks[tenant] = Self.number(value) }
        var staffMarks: [StaffMark: UInt64] = [:]
        for (member, value) in zip(staff, values.dropFirst(tenants.count)) { staffMarks[member] = Self.number(value) }
        var found: [DayGridCache.Key: DayGrid] = [:]
        for (key, value) in zip(keys, values.dropFirst(tenants.count + staff.count)) {
            guard let (ticket, grid) = Self.decode(value),
                ticket >= tenantMarks[key.tenant, default: 0],
                ticket >= staffMarks[StaffMark(tenant: key.tenant, staff: key.staff), default: 0]
            else { continue }
            found[key] = grid
        }
        counters.withLock {
            $0.hits += found.count
            $0.misses += keys.count - found.count
        }
        return found
    }

    public func store(_ grids: [DayGridCache.Key: DayGrid], since ticket: DayGridTicket) async {
        guard !grids.isEmpty, pending.withLock({ $0.waiting.isEmpty }) else { return }
        let entries = Array(grids)
        let tenants = Set(entries.map(\.key.tenant))
        // One script per tenant (in practice there is one): KEYS = tenant mark, then per grid its
        // staff mark, date mark and key; ARGV = ticket, seconds, then the encoded grids.
        for tenant in tenants {
            let mine = entries.filter { $0.key.tenant == tenant }
            var keys = [mark(tenant)]
            for (key, _) in mine { keys += [mark(key.tenant, key.staff), mark(key), gridKey(key)] }
            let arguments = [String(ticket.epoch), String(Self.gridSeconds)] + mine.map { Self.encode($0.value) }
            do {
                _ = try await eval(Self.storeScript, keys: keys, arguments: arguments)
            } catch {
                logger.debug("slot cache: redis store skipped", metadata: ["error": "\(error)"])
            }
        }
    }

    public func invalidate(tenant: TenantID, staff: StaffID, dates: [LocalDate]) async {
        await invalidate(.dates(tenant, staff, dates))
    }

    public func invalidate(tenant: TenantID, staff: StaffID) async {
        await invalidate(.staff(tenant, staff))
    }

    public func invalidate(tenant: TenantID) async {
        await invalidate(.tenant(tenant))
    }

    // MARK: invalidation

    private func invalidate(_ invalidation: Invalidation) async {
        do {
            try await apply(invalidation)
        } catch {
            logger.warning("slot cache: redis invalidation failed; kept to retry", metadata: ["error": "\(error)"])
            pending.withLock { pending in
                pending.waiting.append((pending.next, invalidation))
                pending.next += 1
            }
        }
    }

    private func apply(_ invalidation: Invalidation) async throws {
        let seconds = String(Self.markSeconds)
        switch invalidation {
        case .dates(let tenant, let staff, let dates):
            guard !dates.isEmpty else { return }
            let keys = dates.map { DayGridCache.Key(tenant: tenant, staff: staff, date: $0) }
            _ = try await eval(Self.invalidateDatesScript, keys: [epochKey] + keys.flatMap { [mark($0), gridKey($0)] }, arguments: [seconds])
        case .staff(let tenant, let staff):
            _ = try await eval(Self.markScript, keys: [epochKey, mark(tenant, staff)], arguments: [seconds])
        case .tenant(let tenant):
            _ = try await eval(Self.markScript, keys: [epochKey, mark(tenant)], arguments: [seconds])
        }
    }

    /// True when no invalidation is waiting; otherwise retries them, in order, and answers
    /// whether all landed (applying one twice is harmless: it only bumps marks).
    private func settled() async -> Bool {
        let waiting = pending.withLock { $0.waiting }
        guard !waiting.isEmpty else { return true }
        for (number, invalidation) in waiting {
            do {
                try await apply(invalidation)
            } catch {
                return false
            }
            pending.withLock { $0.waiting.removeAll { $0.0 == number } }
        }
        return pending.withLock { $0.waiting.isEmpty }
    }

    private func eval(_ script: String, keys: [String], arguments: [String]) async throws -> RedisConnection.Reply {
        try await pool.run { try $0.command(["EVAL", script, String(keys.count)] + keys + arguments) }
    }

    private struct StaffMark: Hashable {
        let tenant: TenantID
        let staff: StaffID
    }
}
