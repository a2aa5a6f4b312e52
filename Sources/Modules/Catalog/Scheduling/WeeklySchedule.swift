import CRMCore
import Foundation

/// A week of working hours (SPEC §4): ISO weekday 1 (Monday) ... 7 (Sunday) to sorted,
/// non-overlapping 15-minute-grid intervals. A weekday with no intervals is closed.
///
/// JSON in: `{"1": [["09:00","18:00"]], "2": [["09:00","12:00"],["14:00","20:00"]], "7": []}`
/// (missing days are closed). JSON out and in the database: the canonical form, all seven keys
/// in order, closed days as `[]`.
public struct WeeklySchedule: Sendable, Hashable {
    /// Index 0 is Monday (ISO 1).
    private let days: [[MinuteRange]]

    public static let weekdays = 1...7

    /// Every day closed.
    public static let closed = WeeklySchedule(validDays: Array(repeating: [], count: 7))

    /// Precondition: each day's ranges are sorted, non-overlapping and on the grid (as `parse`
    /// guarantees); keys outside 1...7 trap.
    public init(_ days: [Int: [MinuteRange]]) {
        var list = Array(repeating: [MinuteRange](), count: 7)
        for (weekday, ranges) in days {
            precondition(Self.weekdays.contains(weekday), "WeeklySchedule: weekday \(weekday)")
            list[weekday - 1] = ranges
        }
        self.init(validDays: list)
    }

    private init(validDays: [[MinuteRange]]) {
        days = validDays
    }

    /// The open intervals of ISO weekday `isoWeekday` (1 = Monday); empty when closed or out of range.
    public func intervals(isoWeekday: Int) -> [MinuteRange] {
        Self.weekdays.contains(isoWeekday) ? days[isoWeekday - 1] : []
    }

    /// Open minutes in the whole week.
    public var weeklyMinutes: Int { days.joined().reduce(0) { $0 + $1.minutes } }

    // MARK: JSON

    /// Validates request JSON under `field`, collecting every problem at once: `field` itself
    /// `malformed` when it is not an object, `field.8` `unknown_weekday` for a key other than
    /// "1"..."7", and the interval problems of `ScheduleIntervals` (`field.2[1]`).
    public static func parse(_ value: JSONValue, field: String, into problems: inout [String: String]) -> WeeklySchedule? {
        guard case .object(let object) = value else {
            problems[field] = "malformed"
            return nil
        }
        var list = Array(repeating: [MinuteRange](), count: 7)
        var valid = true
        for (key, dayValue) in object {
            guard let weekday = weekday(key) else {
                problems["\(field).\(key)"] = "unknown_weekday"
                valid = false
                continue
            }
            if let ranges = ScheduleIntervals.parse(dayValue, path: "\(field).\(key)", into: &problems) {
                list[weekday - 1] = ranges
            } else {
                valid = false
            }
        }
        return valid ? WeeklySchedule(validDays: list) : nil
    }

    /// `parse` as a throwing call: `400 validation_error` listing every problem.
    public static func parse(_ value: JSONValue, field: String = "schedule") throws(AppError) -> WeeklySchedule {
        var problems: [String: String] = [:]
        guard let schedule = parse(value, field: field, into: &problems), problems.isEmpty else { throw AppError.validation(problems) }
        return schedule
    }

    /// Schedule JSON as text (what the database stores); text that is not JSON is `field: malformed`.
    public static func parse(jsonText: String, field: String = "schedule") throws(AppError) -> WeeklySchedule {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8)) else {
            throw AppError.validation(field: field, "malformed")
        }
        return try parse(value, field: field)
    }

    /// Only the exact keys "1" ... "7" (not "01", "+1", " 1").
    private static func weekday(_ key: String) -> Int? {
        guard key.utf8.count == 1, let number = Int(key), weekdays.contains(number) else { return nil }
        return number
    }

    /// The canonical JSON value: all seven keys, closed days as `[]`.
    public var jsonValue: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: Self.weekdays.map { (String($0), ScheduleIntervals.json(days[$0 - 1])) }))
    }

    /// The canonical text, keys in weekday order, no spaces: what the database stores.
    public var canonicalJSON: String {
        let parts = Self.weekdays.map { "\"\($0)\":" + ScheduleIntervals.text(days[$0 - 1]) }
        return "{\(parts.joined(separator: ","))}"
    }
}

extension WeeklySchedule: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
