import CRMCore
import Foundation
import Catalog

/// Why a start is not offered (`GET /availability/explain`).
public enum AvailabilityReasonCode: String, Sendable, Codable, CaseIterable {
    case outsideLocationHours = "outside_location_hours"
    case staffDayOff = "staff_day_off"
    /// A dated override (custom hours or a block) of the staff member or the location; a
    /// location's day off too. Carries the override's reason text.
    case override
    case outsideStaffHours = "outside_staff_hours"
    case takenByAppointment = "taken_by_appointment"
    /// Another appointment's break, or this service's own break does not fit.
    case breakTime = "break"
    case noRoom = "no_room"
    case inThePast = "in_the_past"
    case beyondHorizon = "beyond_horizon"
    case nonexistentLocalTime = "nonexistent_local_time"
    /// Not a cell start (`09:10`), or the second occurrence of a repeated wall time (the grid keeps the first).
    case notOnGrid = "not_on_grid"
    case staffDoesNotPerformService = "staff_does_not_perform_service"
    case staffInactive = "staff_inactive"
    case serviceInactive = "service_inactive"
}

/// One reason, with the override behind it when there is one.
public struct AvailabilityReason: Sendable, Hashable, Encodable {
    public let code: AvailabilityReasonCode
    public var overrideId: ScheduleOverrideID?
    /// `staff` or `location`, for overrides.
    public var owner: String?
    public var kind: ScheduleOverrideKind?
    /// The override's reason text (may be null: reasons are optional).
    public var reason: String?

    init(_ code: AvailabilityReasonCode) { self.code = code }

    init(_ code: AvailabilityReasonCode, _ override: ScheduleOverride) {
        self.code = code
        overrideId = override.id
        kind = override.kind
        reason = override.reason
        switch override.owner {
        case .staff: owner = "staff"
        case .location: owner = "location"
        }
    }
}

/// The layer-by-layer account of one start, the same rules as `SlotEngine` taken apart.
struct SlotExplainer {
    let staff: StaffAvailability
    let service: ServiceTiming
    /// Free cells of each suitable room; nil when the service needs no room.
    let rooms: [[DayGrid]]?
    let holds: [TimeHold]
    let clock: CellClock

    /// Reasons against starting at `start` (empty = offered). `lastDate` is the horizon's last local date.
    func reasons(at start: Date, now: Date, lastDate: LocalDate) -> [AvailabilityReason] {
        var reasons: [AvailabilityReason] = []
        if !service.active { reasons.append(.init(.serviceInactive)) }
        if !staff.active { reasons.append(.init(.staffInactive)) }
        if !staff.serviceIds.contains(service.serviceId) { reasons.append(.init(.staffDoesNotPerformService)) }
        if start < now { reasons.append(.init(.inThePast)) }
        let seconds = CellClock.seconds(start)
        guard let (day, cell) = clock.locate(seconds) else { return reasons }
        if clock.days[day].date > lastDate { reasons.append(.init(.beyondHorizon)) }
        if clock.instant(day: day, cell: cell) != seconds || start.timeIntervalSince1970 != Double(seconds) {
            reasons.append(.init(.notOnGrid))
        }
        let service = SlotEngine.busy(holds.lazy.filter { $0.staffId == self.staff.staffId }, clock: clock, part: .service)
        let breaks = SlotEngine.busy(holds.lazy.filter { $0.staffId == self.staff.staffId }, clock: clock, part: .breakOnly)
        var ownBreakBlocked = false
        var serviceBlocked = false
        for step in 0..<self.service.cells {
            guard let (stepDay, stepCell) = clock.locate(seconds + Int64(step) * DayGrid.cellSeconds) else { continue }
            var found = hourReasons(day: stepDay, cell: stepCell)
            if service[stepDay][stepCell] { found.append(.init(.takenByAppointment)) }
            if breaks[stepDay][stepCell] { found.append(.init(.breakTime)) }
            if !found.isEmpty {
                if step < self.service.serviceCells { serviceBlocked = true } else { ownBreakBlocked = true }
            }
            reasons += found
        }
        if ownBreakBlocked && !serviceBlocked { reasons.append(.init(.breakTime)) }
        if let rooms, !rooms.contains(where: { Self.fits($0, clock: clock, from: seconds, cells: self.service.cells) }) {
            reasons.append(.init(.noRoom))
        }
        var seen: Set<AvailabilityReason> = []
        return reasons.filter { seen.insert($0).inserted }
    }

    /// Why the hours of the location and the staff member leave `cell` closed.
    private func hourReasons(day: Int, cell: Int) -> [AvailabilityReason] {
        let date = clock.days[day].date
        let weekday = date.isoWeekday
        var reasons: [AvailabilityReason] = []
        if !staff.locationActive {
            reasons.append(.init(.outsideLocationHours))
        } else {
            reasons += Self.layer(
                weekly: staff.locationSchedule.intervals(isoWeekday: weekday), overrides: staff.locationOverrides[date] ?? [], cell: cell,
                dayOff: .override, outside: .outsideLocationHours)
        }
        reasons += Self.layer(
            weekly: staff.schedule.intervals(isoWeekday: weekday), overrides: staff.overrides[date] ?? [], cell: cell, dayOff: .staffDayOff,
            outside: .outsideStaffHours)
        if !clock.days[day].existing[cell] { reasons.append(.init(.nonexistentLocalTime)) }
        return reasons
    }

    /// One owner's hours at `cell`: its day off, its custom hours or weekly hours, its blocks.
    private static func layer(
        weekly: [MinuteRange], overrides: [ScheduleOverride], cell: Int, dayOff: AvailabilityReasonCode, outside: AvailabilityReasonCode
    ) -> [AvailabilityReason] {
        if let off = overrides.first(where: { $0.kind == .dayOff }) { return [.init(dayOff, off)] }
        var reasons: [AvailabilityReason] = []
        if let custom = overrides.first(where: { $0.kind == .customHours }) {
            if !DayGrid(custom.intervals)[cell] { reasons.append(.init(.override, custom)) }
        } else if !DayGrid(weekly)[cell] {
            reasons.append(.init(outside))
        }
        for block in overrides where block.kind == .blocked && DayGrid(block.intervals)[cell] { reasons.append(.init(.override, block)) }
        return reasons
    }

    /// Whether `cells` cells of real time from the instant `from` are free in `grids`.
    static func fits(_ grids: [DayGrid], clock: CellClock, from: Int64, cells: Int) -> Bool {
        (0..<cells).allSatisfy { step in
            guard let (day, cell) = clock.locate(from + Int64(step) * DayGrid.cellSeconds) else { return false }
            return grids[day][cell]
        }
    }
}
