import Foundation

/// A calendar date on the tenant's wall calendar (proleptic Gregorian), with no time zone.
///
/// Parsing and `init(year:month:day:)` accept years 1...9999 only, so input is always `YYYY-MM-DD`;
/// day arithmetic may step outside (e.g. from `Date.distantPast`) without trapping. JSON form: the ISO
/// string; decoding a bad one throws `DecodingError.dataCorrupted` with debug description `invalid_date`.
public struct LocalDate: Sendable, Hashable, Comparable, ISOTextCodable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `nil` unless the triple is a real date (`2026-02-29` is not, `2028-02-29` is).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= LocalDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strict `YYYY-MM-DD`: exactly ten characters, ASCII digits, a real calendar date.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = ISODigits.number(bytes, 0, 4), let month = ISODigits.number(bytes, 5, 2),
            let day = ISODigits.number(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (negative before it).
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days: exact integer arithmetic, no Calendar needed.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday (the keys of schedule JSON).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let offset = (daysSinceEpoch + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    public var description: String {
        let yearText = year < 0 ? "-\(ISODigits.padded(-year, 4))" : ISODigits.padded(year, 4)
        return "\(yearText)-\(ISODigits.padded(month, 2))-\(ISODigits.padded(day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static let isoDecodingProblem = "invalid_date"

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A wall-clock time of day, 00:00:00 ... 23:59:59 (no `24:00`).
///
/// Description is `HH:MM`, or `HH:MM:SS` when seconds are not zero. JSON form: that string;
/// decoding a bad one throws `DecodingError.dataCorrupted` with debug description `invalid_time`.
public struct LocalTimeOfDay: Sendable, Hashable, Comparable, ISOTextCodable {
    public let hour: Int
    public let minute: Int
    public let second: Int

    public static let midnight = LocalTimeOfDay(validHour: 0, minute: 0, second: 0)

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(validHour: hour, minute: minute, second: second)
    }

    /// Strict `HH:MM` (two digits each), as used in schedules: `"09:30"`, not `"9:30"` or `"09:7"`.
    public init?(hhmm text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5 else { return nil }
        self.init(isoBytes: bytes)
    }

    /// `HH:MM` or `HH:MM:SS`.
    public init?(iso text: String) {
        self.init(isoBytes: Array(text.utf8))
    }

    init?(isoBytes bytes: [UInt8]) {
        guard bytes.count == 5 || bytes.count == 8, bytes[2] == UInt8(ascii: ":"),
            let hour = ISODigits.number(bytes, 0, 2), let minute = ISODigits.number(bytes, 3, 2)
        else { return nil }
        var second = 0
        if bytes.count == 8 {
            guard bytes[5] == UInt8(ascii: ":"), let value = ISODigits.number(bytes, 6, 2) else { return nil }
            second = value
        }
        self.init(hour: hour, minute: minute, second: second)
    }

    private init(validHour hour: Int, minute: Int, second: Int) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }
    public var secondsSinceMidnight: Int { minutesSinceMidnight * 60 + second }

    public var description: String {
        let base = "\(ISODigits.padded(hour, 2)):\(ISODigits.padded(minute, 2))"
        return second == 0 ? base : "\(base):\(ISODigits.padded(second, 2))"
    }

    public static func < (lhs: LocalTimeOfDay, rhs: LocalTimeOfDay) -> Bool {
        lhs.secondsSinceMidnight < rhs.secondsSinceMidnight
    }

    static let isoDecodingProblem = "invalid_time"
}

/// A naive wall-clock date and time with no offset, e.g. `2026-03-29T01:30`.
///
/// Fractional seconds are kept as `nanosecond` (0..<1 000 000 000); ISO input may carry 1 to 9
/// fraction digits. Turning one into an instant needs a zone: see `TenantTime.resolve`.
/// Description: `YYYY-MM-DDTHH:MM:SS` plus `.fraction` (trailing zeros trimmed) when non-zero.
public struct LocalDateTime: Sendable, Hashable, Comparable, ISOTextCodable {
    public var date: LocalDate
    public var time: LocalTimeOfDay
    public var nanosecond: Int

    public init(date: LocalDate, time: LocalTimeOfDay, nanosecond: Int = 0) {
        precondition((0..<1_000_000_000).contains(nanosecond), "LocalDateTime: nanosecond out of range")
        self.date = date
        self.time = time
        self.nanosecond = nanosecond
    }

    /// `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DDTHH:MM:SS.f` (1...9 digits);
    /// no offset, no lower-case `t`, no space instead of `T`.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T"),
            let date = LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        var timeEnd = bytes.count
        var nanosecond = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), let fraction = ISODigits.nanoseconds(bytes[20...]) else { return nil }
            nanosecond = fraction
            timeEnd = 19
        }
        guard let time = LocalTimeOfDay(isoBytes: Array(bytes[11..<timeEnd])) else { return nil }
        self.init(date: date, time: time, nanosecond: nanosecond)
    }

    public var description: String {
        var text = "\(date)T\(ISODigits.padded(time.hour, 2)):\(ISODigits.padded(time.minute, 2)):\(ISODigits.padded(time.second, 2))"
        if nanosecond != 0 {
            var digits = ISODigits.padded(nanosecond, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += ".\(digits)"
        }
        return text
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time, lhs.nanosecond) < (rhs.date, rhs.time, rhs.nanosecond)
    }

    static let isoDecodingProblem = "invalid_datetime"
}

/// Fixed-width ASCII digit helpers shared by the ISO parsers.
enum ISODigits {
    /// The number in `bytes[start..<start+count]` if every byte there is an ASCII digit.
    static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// 1...9 fraction digits as nanoseconds (`"5"` -> 500 000 000).
    static func nanoseconds(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...9).contains(digits.count) else { return nil }
        let array = Array(digits)
        guard let value = number(array, 0, array.count) else { return nil }
        var scaled = value
        for _ in array.count..<9 { scaled *= 10 }
        return scaled
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Values whose JSON form is their ISO text (`description`), parsed back with `init?(iso:)`;
/// bad text is a decoding error carrying the type's problem code.
protocol ISOTextCodable: Codable, CustomStringConvertible {
    init?(iso: String)
    static var isoDecodingProblem: String { get }
}

extension ISOTextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: Self.isoDecodingProblem))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
