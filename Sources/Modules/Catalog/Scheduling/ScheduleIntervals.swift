import CRMCore

/// Reads the interval lists of schedule JSON (SPEC §4): `[["09:00","12:00"],["14:00","20:00"]]`.
/// Every problem is collected under its path (`schedule.2[1]`), so a client fixes everything
/// in one round trip. Problem codes:
/// - `malformed`: not a list, or an item that is not a pair of strings;
/// - `invalid_time`: not strict `HH:MM` (`24:00` only as an end);
/// - `off_grid`: not on the 15-minute grid;
/// - `empty_interval`: start equals end; `end_before_start`: the interval runs backwards
///   (an overnight shift is two intervals on two days);
/// - `overlapping`: overlaps the interval before it; `unordered`: starts before it.
public enum ScheduleIntervals {
    /// The slot grid of SPEC §4: every boundary is a multiple of 15 minutes.
    public static let gridMinutes = 15

    /// The ranges of `value`, or nil when any problem was found (added to `problems`).
    public static func parse(_ value: JSONValue, path: String, into problems: inout [String: String]) -> [MinuteRange]? {
        guard case .array(let items) = value else {
            problems[path] = "malformed"
            return nil
        }
        var ranges: [MinuteRange] = []
        var previous: MinuteRange?
        var valid = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            switch range(item) {
            case .failure(let problem):
                problems[itemPath] = problem.code
                valid = false
            case .success(let range):
                if let previous, range.overlaps(previous) {
                    problems[itemPath] = "overlapping"
                    valid = false
                } else if let previous, range.start < previous.start {
                    problems[itemPath] = "unordered"
                    valid = false
                }
                previous = range
                ranges.append(range)
            }
        }
        return valid ? ranges : nil
    }

    struct Problem: Error {
        let code: String
    }

    static func range(_ item: JSONValue) -> Result<MinuteRange, Problem> {
        guard case .array(let pair) = item, pair.count == 2, case .string(let startText) = pair[0], case .string(let endText) = pair[1] else {
            return .failure(Problem(code: "malformed"))
        }
        guard let start = MinuteRange.minute(of: startText), start < MinuteRange.dayMinutes, let end = MinuteRange.minute(of: endText) else {
            return .failure(Problem(code: "invalid_time"))
        }
        guard start % gridMinutes == 0, end % gridMinutes == 0 else { return .failure(Problem(code: "off_grid")) }
        if start == end { return .failure(Problem(code: "empty_interval")) }
        guard let range = MinuteRange(start: start, end: end) else { return .failure(Problem(code: "end_before_start")) }
        return .success(range)
    }

    /// The JSON form of valid ranges.
    public static func json(_ ranges: [MinuteRange]) -> JSONValue { .array(ranges.map(\.jsonValue)) }

    /// The same as compact JSON text, `[["09:00","12:00"],["14:00","20:00"]]`.
    public static func text(_ ranges: [MinuteRange]) -> String {
        "[" + ranges.map { "[\"\(MinuteRange.hhmm($0.start))\",\"\(MinuteRange.hhmm($0.end))\"]" }.joined(separator: ",") + "]"
    }
}
