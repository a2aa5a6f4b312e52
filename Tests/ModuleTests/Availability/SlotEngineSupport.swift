import CRMCore
import Foundation
import Testing

@testable import Modules
@testable import Booking

/// Pure slot-engine runs for tests: schedules from `HH:MM` pairs, results as local strings.
enum SlotRun {
    static let locationId = LocationID(UUID())
    static let serviceId = ServiceID(UUID())

    static func ranges(_ pairs: [(String, String)]) -> [MinuteRange] {
        pairs.map { MinuteRange(start: MinuteRange.minute(of: $0.0)!, end: MinuteRange.minute(of: $0.1)!)! }
    }

    /// The same hours on all seven days.
    static func everyDay(_ pairs: [(String, String)]) -> WeeklySchedule {
        WeeklySchedule(Dictionary(uniqueKeysWithValues: WeeklySchedule.weekdays.map { ($0, ranges(pairs)) }))
    }

    static func staff(
        _ schedule: WeeklySchedule, location: WeeklySchedule = everyDay([("00:00", "24:00")]), id: StaffID = StaffID(UUID()),
        overrides: [ScheduleOverride] = [], locationOverrides: [ScheduleOverride] = []
    ) -> StaffAvailability {
        StaffAvailability(
            staffId: id, locationId: locationId, schedule: schedule, locationSchedule: location, serviceIds: [serviceId],
            overrides: Dictionary(grouping: overrides, by: \.date), locationOverrides: Dictionary(grouping: locationOverrides, by: \.date))
    }

    static func override(
        _ owner: ScheduleOwner, _ date: String, _ kind: ScheduleOverrideKind, _ pairs: [(String, String)] = [], reason: String? = nil
    ) -> ScheduleOverride {
        ScheduleOverride(
            id: ScheduleOverrideID(UUID()), owner: owner, date: LocalDate(iso: date)!, kind: kind, intervals: ranges(pairs), reason: reason,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    static func zone(_ name: String) -> TimeZone { TenantTime.zone(named: name)! }

    static func instant(_ text: String, _ zone: String = "Europe/London") -> Date { try! TenantTime.parseISO(text, in: Self.zone(zone)) }

    /// Starts on `date` as `HH:MM±HH:MM` (the local time and its offset).
    static func starts(
        _ staff: StaffAvailability, on date: String, minutes: Int, breakMinutes: Int = 0, zone: String = "Europe/London",
        holds: [TimeHold] = [], rooms: [RoomID]? = nil, now: Date = Date(timeIntervalSince1970: 0)
    ) -> [String] {
        let day = LocalDate(iso: date)!
        let tz = Self.zone(zone)
        let clock = CellClock(zone: tz, from: day, through: day.adding(days: 1))
        let timing = ServiceTiming(serviceId: serviceId, durationMinutes: minutes, breakMinutes: breakMinutes)
        let roomGrids = rooms.map { SlotEngine.roomGrids($0, clock: clock, holds: holds) }
        let days = SlotEngine.starts(
            staff: SlotEngine.freeGrids(staff, clock: clock, holds: holds), rooms: roomGrids, clock: clock, days: 0..<1, cells: timing.cells,
            notBefore: CellClock.seconds(now))
        return days.flatMap(\.starts).map {
            String(TenantTime.formatISO($0, in: tz).dropFirst(11)).replacingOccurrences(of: ":00+", with: "+")
                .replacingOccurrences(of: ":00-", with: "-")
        }
    }

    /// Wall times `from` ..< `to` every 15 minutes with one offset: `["09:00+01:00", ...]`.
    static func quarters(_ from: String, _ to: String, _ offset: String) -> [String] {
        stride(from: MinuteRange.minute(of: from)!, to: MinuteRange.minute(of: to)!, by: 15).map { MinuteRange.hhmm($0) + offset }
    }
}
