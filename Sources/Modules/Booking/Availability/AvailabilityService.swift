import CRMCore
import Foundation
import SQLKit

/// Free starts and their explanations for one tenant: loads the inputs, runs `SlotEngine`.
public struct AvailabilityService: Sendable {
    let database: Database
    let holds: any TimeHolds
    let inputs: @Sendable (any SQLDatabase, TenantID) -> any AvailabilityInputs
    /// Staff members' free day grids (nil: computed on every request).
    let cache: (any DayGridStore)?

    /// `holds`: what holds staff and room time. `cache`: kept current by `AvailabilityInvalidator`.
    public init(
        database: Database, holds: any TimeHolds, cache: (any DayGridStore)? = nil,
        inputs: (@Sendable (any SQLDatabase, TenantID) -> any AvailabilityInputs)? = nil
    ) {
        self.database = database
        self.holds = holds
        self.cache = cache
        self.inputs = inputs ?? { SQLAvailabilityInputs(sql: $0, tenantId: $1) }
    }

    /// Where in time a request looks, already read in the tenant's zone.
    struct Window {
        /// First instant a start may have (also never before now).
        var from: Date
        /// Last instant a start may have (inclusive).
        var to: Date
    }

    struct SlotsAnswer {
        let service: ServiceTiming
        let from: Date
        let to: Date
        let staff: [(staffId: StaffID, days: [DaySlots])]
    }

    struct Scope {
        let tenantId: TenantID
        let zone: TimeZone
        let now: Date

        var today: LocalDate { TenantTime.localDate(of: now, in: zone) }
        var lastDate: LocalDate { today.adding(days: AvailabilityRules.horizonDays - 1) }
    }

    /// The starts of `serviceId` per staff member (`staffId`, or every active staff member who
    /// performs it) within `window`, capped to now ... the horizon.
    func slots(serviceId: ServiceID, staffId: StaffID?, window: Window, scope: Scope) async throws -> SlotsAnswer {
        // Before anything is read: a grid computed from data an invalidation has since changed is not stored.
        let ticket = await cache?.readTicket()
        let inputs = inputs(database.sql, scope.tenantId)
        let from = max(window.from, scope.now)
        let firstDate = TenantTime.localDate(of: from, in: scope.zone)
        let lastDate = min(TenantTime.localDate(of: window.to, in: scope.zone), scope.lastDate)
        // The inputs are independent reads: in parallel, a request waits for the slowest, not the sum.
        async let loadedService = inputs.service(serviceId)
        async let loadedPlaces = inputs.rooms(hosting: serviceId)
        async let loadedStaff =
            firstDate <= lastDate ? inputs.staff(staffId.map { [$0] }, performing: serviceId, dates: firstDate...lastDate.adding(days: 1)) : []
        guard let service = try await loadedService else { throw AppError.notFound() }
        guard firstDate <= lastDate, window.to >= from else { return SlotsAnswer(service: service, from: from, to: window.to, staff: []) }
        var staff = try await loadedStaff
        if let staffId, staff.isEmpty { throw AppError.notFound() }
        if staffId == nil { staff = staff.filter(\.active) }
        guard service.active else { return SlotsAnswer(service: service, from: from, to: window.to, staff: staff.map { ($0.staffId, []) }) }

        let clock = CellClock(zone: scope.zone, from: firstDate, through: lastDate.adding(days: 1))
        let places = try await loadedPlaces
        let performers = staff.filter { $0.serviceIds.contains(serviceId) }
        var free = await cachedGrids(of: performers, clock: clock, tenant: scope.tenantId)
        let missing = performers.filter { free[$0.staffId] == nil }
        let holds = try await holds(staff: missing.map(\.staffId), rooms: places.map(\.roomId), clock: clock, tenant: scope.tenantId)
        for member in missing {
            free[member.staffId] = SlotEngine.freeGrids(member, clock: clock, holds: holds)
        }
        if let ticket {
            await store(
                missing.compactMap { member in free[member.staffId].map { (member.staffId, $0) } }, clock: clock, tenant: scope.tenantId,
                since: ticket)
        }
        var roomGrids: [RoomID: [DayGrid]] = [:]
        for (room, grids) in zip(places.map(\.roomId), SlotEngine.roomGrids(places.map(\.roomId), clock: clock, holds: holds)) {
            roomGrids[room] = grids
        }
        let notBefore = Int64(from.timeIntervalSince1970.rounded(.up))
        let result = staff.map { member -> (StaffID, [DaySlots]) in
            guard let grids = free[member.staffId] else { return (member.staffId, []) }
            let rooms = places.isEmpty ? nil : places.filter { $0.locationId == member.locationId }.compactMap { roomGrids[$0.roomId] }
            let days = SlotEngine.starts(
                staff: grids, rooms: rooms, clock: clock, days: 0..<(clock.days.count - 1),
                cells: service.cells, notBefore: notBefore)
            let bounded = days.compactMap { day -> DaySlots? in
                let starts = day.starts.filter { $0 <= window.to }
                return starts.isEmpty ? nil : DaySlots(date: day.date, starts: starts)
            }
            return (member.staffId, bounded)
        }
        return SlotsAnswer(service: service, from: from, to: window.to, staff: result)
    }

    private func holds(staff: [StaffID], rooms: [RoomID], clock: CellClock, tenant: TenantID) async throws -> [TimeHold] {
        guard let first = clock.days.first, let last = clock.days.last, !staff.isEmpty || !rooms.isEmpty else { return [] }
        let interval = DateInterval(start: CellClock.date(first.start), end: CellClock.date(last.end))
        return try await holds.holds(tenant: tenant, staffIds: staff, roomIds: rooms, in: interval)
    }

    /// What `explain` was asked about.
    enum Moment {
        case instant(Date)
        /// A wall time without offset that does not exist in the tenant's zone (a DST gap).
        case nonexistent(LocalDateTime)
    }

    struct Explanation {
        let at: Date?
        let reasons: [AvailabilityReason]
    }

    /// Why `staffId` cannot start `serviceId` at `moment` (no reasons: it is offered).
    func explain(serviceId: ServiceID, staffId: StaffID, at moment: Moment, scope: Scope) async throws -> Explanation {
        let inputs = inputs(database.sql, scope.tenantId)
        guard let service = try await inputs.service(serviceId) else { throw AppError.notFound() }
        let date: LocalDate
        switch moment {
        case .instant(let instant): date = TenantTime.localDate(of: instant, in: scope.zone)
        case .nonexistent(let local): date = local.date
        }
        guard let staff = try await inputs.staff([staffId], performing: serviceId, dates: date...date.adding(days: 1)).first else {
            throw AppError.notFound()
        }
        guard case .instant(let start) = moment else {
            var reasons = [AvailabilityReason(.nonexistentLocalTime)]
            if date < scope.today { reasons.append(.init(.inThePast)) }
            if date > scope.lastDate { reasons.append(.init(.beyondHorizon)) }
            return Explanation(at: nil, reasons: reasons)
        }
        let clock = CellClock(zone: scope.zone, from: date, through: date.adding(days: 1))
        let places = try await inputs.rooms(hosting: serviceId)
        let holds = try await holds(staff: [staffId], rooms: places.map(\.roomId), clock: clock, tenant: scope.tenantId)
        let rooms =
            places.isEmpty
            ? nil : SlotEngine.roomGrids(places.filter { $0.locationId == staff.locationId }.map(\.roomId), clock: clock, holds: holds)
        let explainer = SlotExplainer(staff: staff, service: service, rooms: rooms, holds: holds, clock: clock)
        return Explanation(at: start, reasons: explainer.reasons(at: start, now: scope.now, lastDate: scope.lastDate))
    }
}
