import CRMCore
import Foundation
import Testing

@testable import Modules
@testable import Booking

/// Changeover days in the tenant's zone (SPEC §4, §13): a wall time in the spring-forward gap is
/// never offered, a repeated wall time is offered once (its first occurrence), and a service's
/// span is measured in real time across the change. All four dates are Sundays.
@Suite struct SlotEngineDSTTests {
    struct DSTCase: Sendable, CustomTestStringConvertible {
        let zone: String
        let date: String
        let hours: [(String, String)]
        let minutes: Int
        let expected: [String]
        var testDescription: String { "\(zone) \(date) \(minutes) min" }
    }

    static let cases: [DSTCase] = [
        // 01:00 GMT jumps to 02:00 BST: 01:00–01:45 do not exist; 00:45 + 30 min ends at 02:15 BST.
        .init(
            zone: "Europe/London", date: "2026-03-29", hours: [("00:00", "04:00")], minutes: 30,
            expected: SlotRun.quarters("00:00", "01:00", "+00:00") + SlotRun.quarters("02:00", "03:45", "+01:00")),
        .init(
            zone: "Europe/London", date: "2026-03-29", hours: [("00:00", "04:00")], minutes: 60,
            expected: SlotRun.quarters("00:00", "01:00", "+00:00") + SlotRun.quarters("02:00", "03:15", "+01:00")),
        // 02:00 BST falls back to 01:00 GMT: 01:00–01:45 happen twice, offered once (BST); the
        // repeated hour is real working time, so 01:45 BST + 60 min ends at 01:45 GMT.
        .init(
            zone: "Europe/London", date: "2026-10-25", hours: [("00:00", "03:00")], minutes: 60,
            expected: SlotRun.quarters("00:00", "02:00", "+01:00") + ["02:00+00:00"]),
        // 02:00 EST jumps to 03:00 EDT.
        .init(
            zone: "America/New_York", date: "2026-03-08", hours: [("01:00", "05:00")], minutes: 30,
            expected: SlotRun.quarters("01:00", "02:00", "-05:00") + SlotRun.quarters("03:00", "04:45", "-04:00")),
        // 02:00 EDT falls back to 01:00 EST.
        .init(
            zone: "America/New_York", date: "2026-11-01", hours: [("00:00", "03:00")], minutes: 60,
            expected: SlotRun.quarters("00:00", "02:00", "-04:00") + ["02:00-05:00"]),
    ]

    @Test(arguments: cases) func schedulesCrossingTheChangeover(_ row: DSTCase) {
        // given
        let staff = SlotRun.staff(SlotRun.everyDay(row.hours))
        // when
        let starts = SlotRun.starts(staff, on: row.date, minutes: row.minutes, zone: row.zone)
        // then
        #expect(starts == row.expected)
        #expect(Set(starts.map { $0.prefix(5) }).count == starts.count, "a wall time offered twice")
    }

    @Test(arguments: [("Europe/London", "2026-03-29", "01:"), ("America/New_York", "2026-03-08", "02:")])
    func aWallTimeInTheGapIsNeverFreeNorOffered(zone: String, date: String, gapHour: String) {
        // given: open all day
        let staff = SlotRun.staff(SlotRun.everyDay([("00:00", "24:00")]))
        let day = LocalDate(iso: date)!
        let clock = CellClock(zone: SlotRun.zone(zone), from: day, through: day)
        // when
        let grid = SlotEngine.hours(staff, clock: clock)[0]
        let starts = SlotRun.starts(staff, on: date, minutes: 30, zone: zone)
        // then
        #expect(grid.count == 92)
        #expect(starts.count == 92 && !starts.contains { $0.hasPrefix(gapHour) })
    }

    @Test(arguments: [
        // Midnight itself in the gap: 00:00 jumps to 01:00, the day starts at 01:00.
        ("America/Santiago", "2026-09-06", 92, "00:"),
        // A 30-minute change: 02:00 jumps to 02:30.
        ("Australia/Lord_Howe", "2026-10-04", 94, "02:0"),
    ])
    func oddChangeoversLoseExactlyTheirMissingCells(zone: String, date: String, cells: Int, missing: String) {
        // given: open all day, a 15-minute service
        let staff = SlotRun.staff(SlotRun.everyDay([("00:00", "24:00")]))
        // when
        let starts = SlotRun.starts(staff, on: date, minutes: 15, zone: zone)
        // then
        #expect(starts.count == cells && !starts.contains { $0.hasPrefix(missing) })
    }

    @Test(arguments: [("Europe/London", "2026-10-25"), ("America/New_York", "2026-11-01")])
    func aHoldInTheRepeatedHourNeverOverlapsAnOfferedStart(zone: String, date: String) {
        // given: open all day; held during the second occurrence of the repeated hour (01:00–01:30 standard time)
        let id = StaffID(UUID())
        let staff = SlotRun.staff(SlotRun.everyDay([("00:00", "24:00")]), id: id)
        let tz = SlotRun.zone(zone)
        let holdStart = TenantTime.startOfDay(LocalDate(iso: date)!, in: tz).addingTimeInterval(2 * 3600)
        let hold = TimeHold(staffId: id, roomId: nil, start: holdStart, end: holdStart.addingTimeInterval(1800))
        // when
        let day = LocalDate(iso: date)!
        let clock = CellClock(zone: tz, from: day, through: day.adding(days: 1))
        let starts = SlotEngine.starts(
            staff: SlotEngine.freeGrids(staff, clock: clock, holds: [hold]), rooms: nil, clock: clock, days: 0..<1, cells: 4, notBefore: 0
        ).flatMap(\.starts)
        // then
        #expect(TenantTime.localDateTime(of: holdStart, in: tz).time.description == "01:00")
        #expect(!starts.isEmpty)
        #expect(starts.allSatisfy { $0.addingTimeInterval(3600) <= hold.start || $0 >= hold.end })
    }

    @Test(arguments: ["Europe/London", "America/New_York"])
    func explainAgreesWithTheSlotsOnEveryCellOfTheChangeoverDays(zone: String) {
        let dates = zone == "Europe/London" ? ["2026-03-29", "2026-10-25", "2026-06-07"] : ["2026-03-08", "2026-11-01", "2026-06-07"]
        for date in dates {
            // given: hours across the change, a block, a hold with a break, one room
            let id = StaffID(UUID())
            let day = LocalDate(iso: date)!
            let tz = SlotRun.zone(zone)
            let staff = SlotRun.staff(
                SlotRun.everyDay([("00:00", "06:00"), ("09:00", "12:00")]), id: id,
                overrides: [SlotRun.override(.staff(id), date, .blocked, [("10:00", "10:30")], reason: "Dentist")])
            let room = RoomID(UUID())
            let nine = TenantTime.startOfDay(day, in: tz).addingTimeInterval(3600 * 11)
            let holds = [
                TimeHold(staffId: id, roomId: nil, start: nine, breakStart: nine.addingTimeInterval(1800), end: nine.addingTimeInterval(2700)),
                TimeHold(staffId: nil, roomId: room, start: nine.addingTimeInterval(-7200), end: nine.addingTimeInterval(-5400)),
            ]
            let timing = ServiceTiming(serviceId: SlotRun.serviceId, durationMinutes: 40, breakMinutes: 10)
            let clock = CellClock(zone: tz, from: day, through: day.adding(days: 1))
            let rooms = SlotEngine.roomGrids([room], clock: clock, holds: holds)
            // when
            let offered = Set(
                SlotEngine.starts(
                    staff: SlotEngine.freeGrids(staff, clock: clock, holds: holds), rooms: rooms, clock: clock, days: 0..<1, cells: timing.cells,
                    notBefore: 0
                ).flatMap(\.starts))
            let explainer = SlotExplainer(staff: staff, service: timing, rooms: rooms, holds: holds, clock: clock)
            // then
            #expect(!offered.isEmpty)
            for cell in 0..<DayGrid.cellCount {
                guard let instant = clock.instant(day: 0, cell: cell) else { continue }
                let start = CellClock.date(instant)
                let reasons = explainer.reasons(at: start, now: .distantPast, lastDate: day.adding(days: 1))
                #expect(reasons.isEmpty == offered.contains(start), "\(date) \(TenantTime.formatISO(start, in: tz)): \(reasons.map(\.code))")
            }
        }
    }
}
