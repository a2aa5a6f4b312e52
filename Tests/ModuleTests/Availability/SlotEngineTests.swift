import CRMCore
import Foundation
import Testing

@testable import Modules

/// The slot algorithm of SPEC §4 on plain values: hours, overrides, holds with breaks, rooms,
/// rounding and the past. 2026-06-01 is a Monday; London is on BST (+01:00).
@Suite struct SlotEngineTests {
    typealias Pairs = [(String, String)]

    struct HoursCase: Sendable, CustomTestStringConvertible {
        let name: String
        let location: Pairs
        let staff: Pairs
        let minutes: Int
        let breakMinutes: Int
        let expected: [String]
        var testDescription: String { name }
    }

    static let hoursCases: [HoursCase] = [
        .init(
            name: "location ∩ staff", location: [("09:00", "18:00")], staff: [("12:00", "20:00")], minutes: 60, breakMinutes: 0,
            expected: SlotRun.quarters("12:00", "17:15", "+01:00")),
        .init(
            name: "split staff day", location: [("09:00", "21:00")], staff: [("09:00", "10:00"), ("14:00", "15:00")], minutes: 45,
            breakMinutes: 0, expected: ["09:00+01:00", "09:15+01:00", "14:00+01:00", "14:15+01:00"]),
        .init(name: "no overlap", location: [("09:00", "12:00")], staff: [("12:00", "18:00")], minutes: 15, breakMinutes: 0, expected: []),
        .init(
            name: "50 + 5 rounds to 4 cells", location: [("09:00", "21:00")], staff: [("09:00", "10:00")], minutes: 50, breakMinutes: 5,
            expected: ["09:00+01:00"]),
        .init(
            name: "50 + 10 is exactly 4 cells", location: [("09:00", "21:00")], staff: [("09:00", "10:00")], minutes: 50, breakMinutes: 10,
            expected: ["09:00+01:00"]),
        .init(
            name: "50 + 15 needs 5 cells", location: [("09:00", "21:00")], staff: [("09:00", "10:00")], minutes: 50, breakMinutes: 15,
            expected: []),
        .init(
            name: "5 minutes take a whole cell", location: [("09:00", "21:00")], staff: [("09:00", "09:30")], minutes: 5, breakMinutes: 0,
            expected: ["09:00+01:00", "09:15+01:00"]),
        .init(
            name: "break must fit too", location: [("09:00", "21:00")], staff: [("09:00", "10:30")], minutes: 60, breakMinutes: 30,
            expected: ["09:00+01:00"]),
    ]

    @Test(arguments: hoursCases) func hoursIntersectAndDurationsRoundUpToTheGrid(_ row: HoursCase) {
        // given
        let staff = SlotRun.staff(SlotRun.everyDay(row.staff), location: SlotRun.everyDay(row.location))
        // when
        let starts = SlotRun.starts(staff, on: "2026-06-01", minutes: row.minutes, breakMinutes: row.breakMinutes)
        // then
        #expect(starts == row.expected)
    }

    struct OverrideCase: Sendable, CustomTestStringConvertible {
        let name: String
        let staffOverrides: [ScheduleOverride]
        let locationOverrides: [ScheduleOverride]
        let expected: [String]
        var testDescription: String { name }
    }

    static let staffId = StaffID(UUID())

    static let overrideCases: [OverrideCase] = {
        let staff = ScheduleOwner.staff(staffId)
        let place = ScheduleOwner.location(SlotRun.locationId)
        return [
            .init(name: "staff day off", staffOverrides: [SlotRun.override(staff, "2026-06-01", .dayOff)], locationOverrides: [], expected: []),
            .init(
                name: "another date's day off", staffOverrides: [SlotRun.override(staff, "2026-06-02", .dayOff)], locationOverrides: [],
                expected: SlotRun.quarters("09:00", "11:15", "+01:00")),
            .init(
                name: "staff custom hours", staffOverrides: [SlotRun.override(staff, "2026-06-01", .customHours, [("10:00", "11:30")])],
                locationOverrides: [], expected: ["10:00+01:00", "10:15+01:00", "10:30+01:00"]),
            .init(
                name: "staff block", staffOverrides: [SlotRun.override(staff, "2026-06-01", .blocked, [("10:00", "10:30")])],
                locationOverrides: [], expected: ["09:00+01:00", "10:30+01:00", "10:45+01:00", "11:00+01:00"]),
            .init(
                name: "location day off", staffOverrides: [], locationOverrides: [SlotRun.override(place, "2026-06-01", .dayOff)], expected: []),
            .init(
                name: "location custom hours bound the staff's", staffOverrides: [],
                locationOverrides: [SlotRun.override(place, "2026-06-01", .customHours, [("11:00", "18:00")])],
                expected: ["11:00+01:00"]),
            .init(
                name: "location block", staffOverrides: [],
                locationOverrides: [SlotRun.override(place, "2026-06-01", .blocked, [("09:30", "11:00")])],
                expected: ["11:00+01:00"]),
            .init(
                name: "both owners' blocks", staffOverrides: [SlotRun.override(staff, "2026-06-01", .blocked, [("09:00", "09:45")])],
                locationOverrides: [SlotRun.override(place, "2026-06-01", .blocked, [("11:00", "12:00")])],
                expected: ["09:45+01:00", "10:00+01:00"]),
        ]
    }()

    @Test(arguments: overrideCases) func overridesOfTheStaffAndTheLocationApplyToTheirDate(_ row: OverrideCase) {
        // given: 09:00–12:00, a one-hour service
        let staff = SlotRun.staff(
            SlotRun.everyDay([("09:00", "12:00")]), id: Self.staffId, overrides: row.staffOverrides, locationOverrides: row.locationOverrides)
        // when
        let starts = SlotRun.starts(staff, on: "2026-06-01", minutes: 60)
        // then
        #expect(starts == row.expected)
    }

    @Test func holdsTakeTheirServiceAndBreakButOnlyForTheirOwnStaff() {
        // given: 09:00–13:00; an appointment 10:00–10:50 with a break to 11:05 (touches the 11:00 cell)
        let id = StaffID(UUID())
        let staff = SlotRun.staff(SlotRun.everyDay([("09:00", "13:00")]), id: id)
        let hold = TimeHold(
            staffId: id, roomId: nil, start: SlotRun.instant("2026-06-01T10:00"), breakStart: SlotRun.instant("2026-06-01T10:50"),
            end: SlotRun.instant("2026-06-01T11:05"))
        let someoneElse = TimeHold(
            staffId: StaffID(UUID()), roomId: nil, start: SlotRun.instant("2026-06-01T09:00"), end: SlotRun.instant("2026-06-01T13:00"))
        // when
        let starts = SlotRun.starts(staff, on: "2026-06-01", minutes: 60, holds: [hold, someoneElse])
        // then
        #expect(starts == ["09:00+01:00", "11:15+01:00", "11:30+01:00", "11:45+01:00", "12:00+01:00"])
    }

    @Test func aRoomHostingTheServiceMustBeFreeForTheWholeSpan() {
        // given: two rooms; room A busy 09:00–10:00, room B busy 09:30–10:30
        let staff = SlotRun.staff(SlotRun.everyDay([("09:00", "11:00")]))
        let roomA = RoomID(UUID())
        let roomB = RoomID(UUID())
        let holds = [
            TimeHold(staffId: nil, roomId: roomA, start: SlotRun.instant("2026-06-01T09:00"), end: SlotRun.instant("2026-06-01T10:00")),
            TimeHold(staffId: nil, roomId: roomB, start: SlotRun.instant("2026-06-01T09:30"), end: SlotRun.instant("2026-06-01T10:30")),
        ]
        // when
        let onlyA = SlotRun.starts(staff, on: "2026-06-01", minutes: 30, holds: holds, rooms: [roomA])
        let either = SlotRun.starts(staff, on: "2026-06-01", minutes: 30, holds: holds, rooms: [roomA, roomB])
        let noRoomHere = SlotRun.starts(staff, on: "2026-06-01", minutes: 30, holds: holds, rooms: [])
        let noRoomNeeded = SlotRun.starts(staff, on: "2026-06-01", minutes: 30, holds: holds, rooms: nil)
        // then
        #expect(onlyA == SlotRun.quarters("10:00", "10:45", "+01:00"))
        #expect(either == ["09:00+01:00"] + SlotRun.quarters("10:00", "10:45", "+01:00"))
        #expect(noRoomHere.isEmpty)
        #expect(noRoomNeeded == SlotRun.quarters("09:00", "10:45", "+01:00"))
    }

    @Test func nothingBeforeNow() {
        // given: it is 10:07 local
        let staff = SlotRun.staff(SlotRun.everyDay([("09:00", "12:00")]))
        // when
        let starts = SlotRun.starts(staff, on: "2026-06-01", minutes: 60, now: SlotRun.instant("2026-06-01T10:07"))
        // then
        #expect(starts == ["10:15+01:00", "10:30+01:00", "10:45+01:00", "11:00+01:00"])
    }

    @Test func anOvernightShiftOffersStartsThatCrossMidnight() {
        // given: Monday 22:00–24:00 and Tuesday 00:00–01:00; two hours
        let staff = SlotRun.staff(WeeklySchedule([1: SlotRun.ranges([("22:00", "24:00")]), 2: SlotRun.ranges([("00:00", "01:00")])]))
        // when
        let starts = SlotRun.starts(staff, on: "2026-06-01", minutes: 120)
        // then
        #expect(starts == SlotRun.quarters("22:00", "23:15", "+01:00"))
    }

    @Test func dayGridBitsAndRanges() {
        // given
        let grid = DayGrid(SlotRun.ranges([("00:00", "00:30"), ("15:45", "16:30"), ("23:45", "24:00")]))
        // then
        #expect(grid.cells == [0, 1, 63, 64, 65, 95])
        #expect(grid.contains(63..<66) && !grid.contains(62..<64) && !grid.contains(95..<97))
        #expect(DayGrid.full.count == 96 && DayGrid.empty.isEmpty)
        #expect(DayGrid.full.subtracting(grid).count == 90 && grid.intersection(DayGrid(cells: 60..<70)).cells == [63, 64, 65])
        #expect(ServiceTiming(serviceId: SlotRun.serviceId, durationMinutes: 50, breakMinutes: 5).cells == 4)
    }
}
