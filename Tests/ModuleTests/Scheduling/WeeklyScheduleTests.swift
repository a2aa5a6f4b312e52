import CRMCore
import Foundation
import Tenancy
import Testing

@testable import Modules
@testable import Catalog

/// The schedule JSON of SPEC §4: parsing, every problem at once, the canonical form, and the
/// pure day arithmetic the slot engine builds on.
@Suite struct WeeklyScheduleTests {
    static func json(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test func theSpecExampleParsesIntoMinutesPerWeekday() throws {
        // given
        let text = #"{"1": [["09:00","18:00"]], "2": [["09:00","12:00"],["14:00","20:00"]], "7": []}"#
        // when
        let schedule = try WeeklySchedule.parse(try Self.json(text))
        // then
        #expect(schedule.intervals(isoWeekday: 1) == [MinuteRange(start: 540, end: 1080)!])
        #expect(schedule.intervals(isoWeekday: 2) == [MinuteRange(start: 540, end: 720)!, MinuteRange(start: 840, end: 1200)!])
        #expect(schedule.intervals(isoWeekday: 3).isEmpty && schedule.intervals(isoWeekday: 7).isEmpty)
        #expect(schedule.intervals(isoWeekday: 0).isEmpty && schedule.intervals(isoWeekday: 8).isEmpty)
        #expect(schedule.weeklyMinutes == 9 * 60 + 3 * 60 + 6 * 60)
        #expect(
            schedule.canonicalJSON
                == #"{"1":[["09:00","18:00"]],"2":[["09:00","12:00"],["14:00","20:00"]],"3":[],"4":[],"5":[],"6":[],"7":[]}"#)
        #expect(try WeeklySchedule.parse(jsonText: schedule.canonicalJSON) == schedule)
    }

    @Test func aDayMayRunToMidnight() throws {
        // when
        let schedule = try WeeklySchedule.parse(try Self.json(#"{"5": [["18:00","24:00"]], "6": [["00:00","02:00"]]}"#))
        // then
        #expect(schedule.intervals(isoWeekday: 5) == [MinuteRange(start: 1080, end: 1440)!])
        #expect(schedule.canonicalJSON.contains(#""5":[["18:00","24:00"]]"#))
    }

    /// One bad schedule per row, with the problem it must report.
    static let invalid: [(json: String, field: String, problem: String)] = [
        (#""not a schedule""#, "schedule", "malformed"),
        (#"[["09:00","18:00"]]"#, "schedule", "malformed"),
        (#"null"#, "schedule", "malformed"),
        (#"{"1": "09:00-18:00"}"#, "schedule.1", "malformed"),
        (#"{"1": [["09:00"]]}"#, "schedule.1[0]", "malformed"),
        (#"{"1": [[900, 1800]]}"#, "schedule.1[0]", "malformed"),
        (#"{"8": []}"#, "schedule.8", "unknown_weekday"),
        (#"{"0": []}"#, "schedule.0", "unknown_weekday"),
        (#"{"01": []}"#, "schedule.01", "unknown_weekday"),
        (#"{"mon": []}"#, "schedule.mon", "unknown_weekday"),
        (#"{"1": [["9:00","18:00"]]}"#, "schedule.1[0]", "invalid_time"),
        (#"{"1": [["09:00","25:00"]]}"#, "schedule.1[0]", "invalid_time"),
        (#"{"1": [["24:00","24:00"]]}"#, "schedule.1[0]", "invalid_time"),
        (#"{"1": [["09:00","18:60"]]}"#, "schedule.1[0]", "invalid_time"),
        (#"{"1": [["09:10","18:00"]]}"#, "schedule.1[0]", "off_grid"),
        (#"{"1": [["09:00","17:59"]]}"#, "schedule.1[0]", "off_grid"),
        (#"{"1": [["09:00","09:00"]]}"#, "schedule.1[0]", "empty_interval"),
        (#"{"1": [["18:00","09:00"]]}"#, "schedule.1[0]", "end_before_start"),
        (#"{"2": [["09:00","13:00"],["12:00","20:00"]]}"#, "schedule.2[1]", "overlapping"),
        (#"{"2": [["09:00","20:00"],["10:00","11:00"]]}"#, "schedule.2[1]", "overlapping"),
        (#"{"2": [["14:00","20:00"],["09:00","12:00"]]}"#, "schedule.2[1]", "unordered"),
    ]

    @Test(arguments: invalid)
    func anInvalidScheduleNamesTheProblemAndItsPath(json: String, field: String, problem: String) throws {
        // when
        let error = #expect(throws: AppError.self) { try WeeklySchedule.parse(try Self.json(json)) }
        // then
        #expect(error?.code == "validation_error")
        #expect(error?.fields == [field: problem], "\(json)")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        // given: four different problems on three days
        let text = #"{"1": [["09:10","18:00"]], "2": [["09:00","13:00"],["12:00","20:00"]], "9": [], "3": [["x","18:00"]]}"#
        // when
        let error = #expect(throws: AppError.self) { try WeeklySchedule.parse(try Self.json(text)) }
        // then
        #expect(
            error?.fields == [
                "schedule.1[0]": "off_grid", "schedule.2[1]": "overlapping", "schedule.9": "unknown_weekday", "schedule.3[0]": "invalid_time",
            ])
    }

    @Test func textThatIsNotJSONIsMalformed() {
        // when
        let error = #expect(throws: AppError.self) { try WeeklySchedule.parse(jsonText: #"{"1": [["09:00","18:00"]"#) }
        // then
        #expect(error?.fields == ["schedule": "malformed"])
    }

    @Test func touchingIntervalsAreAllowed() throws {
        // when
        let schedule = try WeeklySchedule.parse(try Self.json(#"{"3": [["09:00","12:00"],["12:00","15:00"]]}"#))
        // then
        #expect(schedule.intervals(isoWeekday: 3).count == 2)
    }

    @Test func theDefaultLocationScheduleIsCanonicalAndTheSameForNewLocations() throws {
        // when
        let parsed = try WeeklySchedule.parse(jsonText: TenantDefaultLocation.scheduleJSON)
        // then
        #expect(parsed.canonicalJSON == TenantDefaultLocation.scheduleJSON)
        #expect(parsed == LocationsService.defaultSchedule)
        #expect(parsed.intervals(isoWeekday: 7) == [MinuteRange(start: 9 * 60, end: 21 * 60)!])
    }
}

/// Overrides of one date and the pure day arithmetic.
@Suite struct ScheduleOverrideRulesTests {
    static let today = LocalDate(iso: "2026-06-01")!

    static func range(_ start: String, _ end: String) -> MinuteRange {
        MinuteRange(start: MinuteRange.minute(of: start)!, end: MinuteRange.minute(of: end)!)!
    }

    static func override(_ kind: ScheduleOverrideKind, _ intervals: [MinuteRange] = []) -> ScheduleOverride {
        ScheduleOverride(
            id: .random(), owner: .staff(.random()), date: today, kind: kind, intervals: intervals, reason: nil,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aDayOffClosesCustomHoursReplaceAndBlocksCutOut() {
        // given
        let weekly = [Self.range("09:00", "18:00")]
        // then
        #expect(DayHours.open(weekly: weekly, overrides: []) == weekly)
        #expect(DayHours.open(weekly: weekly, overrides: [Self.override(.dayOff)]).isEmpty)
        #expect(
            DayHours.open(weekly: weekly, overrides: [Self.override(.customHours, [Self.range("12:00", "20:00")])]) == [Self.range("12:00", "20:00")])
        #expect(
            DayHours.open(
                weekly: weekly,
                overrides: [
                    Self.override(.blocked, [Self.range("10:00", "11:00")]),
                    Self.override(.blocked, [Self.range("10:30", "12:00"), Self.range("17:00", "19:00")]),
                ])
                == [Self.range("09:00", "10:00"), Self.range("12:00", "17:00")])
        // custom hours on a closed weekday open it
        #expect(DayHours.open(weekly: [], overrides: [Self.override(.customHours, [Self.range("10:00", "14:00")])]) == [Self.range("10:00", "14:00")])
    }

    @Test func rangesIntersect() {
        // given: the location's hours and a staff member's
        let location = [Self.range("09:00", "21:00")]
        let staff = [Self.range("08:00", "12:00"), Self.range("13:00", "22:00")]
        // then
        #expect(location.intersecting(staff) == [Self.range("09:00", "12:00"), Self.range("13:00", "21:00")])
    }

    @Test func aDraftIsValidatedAllAtOnce() throws {
        // when
        let error = #expect(throws: AppError.self) {
            try ScheduleOverrideDraft.validate(
                date: "2026-05-31", kind: "vacation", intervals: try WeeklyScheduleTests.json(#"[["09:05","10:00"]]"#),
                reason: String(repeating: "x", count: 501), today: Self.today)
        }
        // then
        #expect(error?.fields == ["date": "in_past", "kind": "invalid", "intervals[0]": "off_grid", "reason": "too_long"])
    }

    /// A kind and its intervals, and the problem (nil when valid).
    static let intervalCases: [(kind: String, intervals: String?, problem: [String: String]?)] = [
        ("day_off", nil, nil),
        ("day_off", "[]", nil),
        ("day_off", #"[["09:00","10:00"]]"#, ["intervals": "not_allowed"]),
        ("custom_hours", nil, ["intervals": "required"]),
        ("custom_hours", "[]", ["intervals": "required"]),
        ("custom_hours", #"[["10:00","14:00"]]"#, nil),
        ("blocked", nil, ["intervals": "required"]),
        ("blocked", #"[["14:00","13:00"]]"#, ["intervals[0]": "end_before_start"]),
        ("blocked", #"{"1":[]}"#, ["intervals": "malformed"]),
    ]

    @Test(arguments: intervalCases)
    func eachKindTakesTheIntervalsItNeeds(kind: String, intervals: String?, problem: [String: String]?) throws {
        // given
        let value = try intervals.map { try WeeklyScheduleTests.json($0) }
        // when
        let result = Result { () throws(AppError) in
            try ScheduleOverrideDraft.validate(date: "2026-06-10", kind: kind, intervals: value, reason: nil, today: Self.today)
        }
        // then
        switch result {
        case .success(let draft):
            #expect(problem == nil)
            #expect(draft.kind.rawValue == kind)
        case .failure(let error):
            #expect(error.fields == problem)
        }
    }

    @Test func sameDateRules() throws {
        // given
        let draft = { (kind: ScheduleOverrideKind) in
            ScheduleOverrideDraft(date: Self.today, kind: kind, intervals: kind == .dayOff ? [] : [Self.range("10:00", "11:00")], reason: nil)
        }
        let dayOff = Self.override(.dayOff)
        let hours = Self.override(.customHours, [Self.range("10:00", "14:00")])
        let block = Self.override(.blocked, [Self.range("12:00", "13:00")])
        // then
        #expect(draft(.dayOff).conflicts(with: [block]))
        #expect(draft(.customHours).conflicts(with: [hours]))
        #expect(draft(.customHours).conflicts(with: [dayOff]))
        #expect(!draft(.customHours).conflicts(with: [block]))
        #expect(!draft(.blocked).conflicts(with: [hours, block]))
        #expect(draft(.blocked).conflicts(with: [dayOff]))
        #expect(!draft(.dayOff).conflicts(with: []))
    }
}
