import CRMCore
import Foundation
import Catalog

/// The slot algorithm of SPEC §4, pure: values in, grids and start instants out.
///
/// Per staff member and local day: location hours ∩ staff hours, each changed by its overrides
/// (`DayHours.open`), limited to wall times that exist that day, minus the cells their holds
/// touch. A start is a free cell from which duration + break (whole cells) fit in real time.
enum SlotEngine {
    /// Working cells per covered day: hours ∩ overrides ∩ existing wall times (no holds).
    static func hours(_ staff: StaffAvailability, clock: CellClock) -> [DayGrid] {
        guard staff.active, staff.locationActive else { return Array(repeating: .empty, count: clock.days.count) }
        var weekly = [DayGrid](repeating: .empty, count: 8)
        for weekday in WeeklySchedule.weekdays {
            weekly[weekday] = DayGrid(staff.schedule.intervals(isoWeekday: weekday))
                .intersection(DayGrid(staff.locationSchedule.intervals(isoWeekday: weekday)))
        }
        return clock.days.map { day in
            let weekday = day.date.isoWeekday
            let own = staff.overrides[day.date]
            let place = staff.locationOverrides[day.date]
            guard own != nil || place != nil else { return weekly[weekday].intersection(day.existing) }
            let staffHours = DayHours.open(weekly: staff.schedule.intervals(isoWeekday: weekday), overrides: own ?? [])
            let placeHours = DayHours.open(weekly: staff.locationSchedule.intervals(isoWeekday: weekday), overrides: place ?? [])
            return DayGrid(staffHours).intersection(DayGrid(placeHours)).intersection(day.existing)
        }
    }

    /// The cells that `holds` touch, per covered day (set = busy). `part` picks the service part,
    /// the break, or both.
    enum HoldPart { case whole, service, breakOnly }

    static func busy(_ holds: some Sequence<TimeHold>, clock: CellClock, part: HoldPart = .whole) -> [DayGrid] {
        var grids = [DayGrid](repeating: .empty, count: clock.days.count)
        for hold in holds {
            let (from, to): (Date, Date) =
                switch part {
                case .whole: (hold.start, hold.end)
                case .service: (hold.start, hold.breakStart)
                case .breakOnly: (hold.breakStart, hold.end)
                }
            mark(from: CellClock.seconds(from), to: Int64(to.timeIntervalSince1970.rounded(.up)), clock: clock, into: &grids)
        }
        return grids
    }

    /// Marks every cell that `[from, to)` touches.
    static func mark(from: Int64, to: Int64, clock: CellClock, into grids: inout [DayGrid]) {
        guard let first = clock.days.first, let last = clock.days.last, from < to else { return }
        var quarter = Swift.max(from, first.start)
        quarter -= ((quarter % DayGrid.cellSeconds) + DayGrid.cellSeconds) % DayGrid.cellSeconds
        let end = Swift.min(to, last.end)
        while quarter < end {
            if let (day, cell) = clock.locate(quarter) { grids[day].insert(cell) }
            quarter += DayGrid.cellSeconds
        }
    }

    /// Free cells per covered day of one staff member: hours minus everything their holds touch.
    static func freeGrids(_ staff: StaffAvailability, clock: CellClock, holds: [TimeHold]) -> [DayGrid] {
        let busy = busy(holds.lazy.filter { $0.staffId == staff.staffId }, clock: clock)
        return zip(hours(staff, clock: clock), busy).map { $0.subtracting($1) }
    }

    /// Free cells per covered day of each room (rooms keep no hours of their own).
    static func roomGrids(_ rooms: [RoomID], clock: CellClock, holds: [TimeHold]) -> [[DayGrid]] {
        rooms.map { room in
            let busy = busy(holds.lazy.filter { $0.roomId == room }, clock: clock)
            return zip(clock.days, busy).map { $0.existing.subtracting($1) }
        }
    }

    /// Whether `cells` cells of real time from cell `cell` of day `day` are all free in `grids`.
    /// Real time, not wall time: across a spring-forward gap the span skips the missing hour,
    /// across a fall-back it meets the repeated hour's cells again.
    static func fits(_ grids: [DayGrid], clock: CellClock, day: Int, cell: Int, cells: Int) -> Bool {
        if clock.days[day].isLinear && cell + cells <= DayGrid.cellCount { return grids[day].contains(cell..<cell + cells) }
        guard let start = clock.instant(day: day, cell: cell) else { return false }
        for step in 0..<cells {
            guard let (stepDay, stepCell) = clock.locate(start + Int64(step) * DayGrid.cellSeconds), grids[stepDay][stepCell] else { return false }
        }
        return true
    }

    /// The starts on days `days` (indexes into the clock) not before `notBefore` (epoch seconds)
    /// where `cells` fit in `staff` and, when `rooms` is not nil, in at least one of `rooms`.
    static func starts(
        staff: [DayGrid], rooms: [[DayGrid]]?, clock: CellClock, days: Range<Int>, cells: Int, notBefore: Int64
    ) -> [DaySlots] {
        var result: [DaySlots] = []
        for day in days where !staff[day].isEmpty {
            var starts: [Date] = []
            for cell in 0..<DayGrid.cellCount where staff[day][cell] {
                guard let instant = clock.instant(day: day, cell: cell), instant >= notBefore,
                    fits(staff, clock: clock, day: day, cell: cell, cells: cells)
                else { continue }
                if let rooms, !rooms.contains(where: { fits($0, clock: clock, day: day, cell: cell, cells: cells) }) { continue }
                starts.append(CellClock.date(instant))
            }
            if !starts.isEmpty { result.append(DaySlots(date: clock.days[day].date, starts: starts)) }
        }
        return result
    }
}
