import Foundation

/// What a wall-clock time means in a zone.
public enum LocalResolution: Sendable, Equatable {
    /// Exactly one instant has this wall time.
    case unique(Date)
    /// The clocks went back and the wall time happened twice (`earlier < later`).
    case ambiguous(earlier: Date, later: Date)
    /// The clocks jumped over this wall time; `nextValid` is the instant they jumped at, i.e. the
    /// first instant after the gap (London 2026-03-29 01:30 -> 01:00Z, shown as 02:00 BST).
    case nonexistent(nextValid: Date)
}

/// Why a tenant-local datetime could not be read.
public enum LocalTimeError: Error, Sendable, Equatable {
    /// Not an ISO 8601 datetime this API accepts.
    case invalidFormat
    /// A wall time without offset that falls in a DST gap of the tenant's zone.
    case nonexistentLocalTime

    /// Problem code for `AppError.validation` fields.
    public var problemCode: String {
        switch self {
        case .invalidFormat: "invalid_datetime"
        case .nonexistentLocalTime: "nonexistent_local_time"
        }
    }

    public func appError(field: String) -> AppError {
        .validation(field: field, problemCode)
    }
}

/// Conversions between instants (`Date`, always UTC underneath) and the tenant's wall clock
/// (SPEC §13). Every function takes the zone explicitly; the server's own zone is never used.
public enum TenantTime {
    private static let secondsPerDay: Int64 = 86_400

    // MARK: Zones

    private static let regions: Set<Substring> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
    ]

    /// An IANA region zone (`Europe/London`, `America/Argentina/Buenos_Aires`) or `UTC`. Abbreviations
    /// and fixed offsets (`MSK`, `EST`, `GMT+3`, `Etc/GMT+3`), legacy links outside the regions
    /// (`US/Eastern`), wrong case and garbage are `nil`: a tenant's zone must follow its region's
    /// DST rules, so it has to name a region.
    public static func zone(named name: String) -> TimeZone? {
        if name == "UTC" { return TimeZone(identifier: "UTC") }
        // Not TimeZone.knownTimeZoneIdentifiers: ICU's list there lacks canonical names such as Asia/Kolkata.
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, regions.contains(parts[0]),
            parts.allSatisfy({ part in
                part.first?.isUppercase == true && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-+".contains($0)) }
            }),
            let zone = TimeZone(identifier: name), zone.identifier == name
        else { return nil }
        return zone
    }

    // MARK: Wall time -> instant

    /// Which instant(s) have the wall time `local` in `zone`.
    public static func resolve(_ local: LocalDateTime, in zone: TimeZone) -> LocalResolution {
        let (wallSeconds, fraction) = wallClockSeconds(local)
        // Any offset in force within a day of the wall time is a candidate; a candidate instant is
        // real only if the zone agrees that this offset is in force at that instant.
        let candidates = Set([-secondsPerDay, 0, secondsPerDay].map { offset(zone, wallSeconds + $0) })
        let valid = candidates.map { wallSeconds - $0 }.filter { wallSeconds - offset(zone, $0) == $0 }.sorted()
        switch valid.count {
        case 0:
            let low = wallSeconds - (candidates.max() ?? 0)
            let high = wallSeconds - (candidates.min() ?? 0)
            return .nonexistent(nextValid: date(firstInstant(in: zone, from: low, to: high, wallPast: wallSeconds), fraction: 0))
        case 1:
            return .unique(date(valid[0], fraction: fraction))
        default:
            return .ambiguous(earlier: date(valid[0], fraction: fraction), later: date(valid[valid.count - 1], fraction: fraction))
        }
    }

    /// The first instant of the local day: its midnight, or when midnight falls in a gap, the end
    /// of the gap; an ambiguous midnight counts from its first occurrence.
    public static func startOfDay(_ date: LocalDate, in zone: TimeZone) -> Date {
        switch resolve(LocalDateTime(date: date, time: .midnight), in: zone) {
        case .unique(let instant): instant
        case .ambiguous(let earlier, _): earlier
        case .nonexistent(let nextValid): nextValid
        }
    }

    /// The exclusive end of the local day: the start of the next day.
    public static func endOfDay(_ date: LocalDate, in zone: TimeZone) -> Date {
        startOfDay(date.adding(days: 1), in: zone)
    }

    /// `[start of day, start of next day)`: 24 hours, or 23/25 on DST change days.
    public static func dayInterval(_ date: LocalDate, in zone: TimeZone) -> DateInterval {
        DateInterval(start: startOfDay(date, in: zone), end: endOfDay(date, in: zone))
    }

    // MARK: Instant -> wall time

    /// The wall clock in `zone` at `date`; the fraction is kept to the microsecond (a `Date` is a
    /// `Double` and carries no more than that for present-day instants).
    public static func localDateTime(of date: Date, in zone: TimeZone) -> LocalDateTime {
        var seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var micros = Int64(((date.timeIntervalSince1970 - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        return wallClock(seconds + offset(zone, seconds), nanosecond: Int(micros) * 1000)
    }

    public static func localDate(of date: Date, in zone: TimeZone) -> LocalDate {
        localDateTime(of: date, in: zone).date
    }

    // MARK: ISO 8601

    /// `2026-10-25T01:30:00+01:00`: local wall time in `zone`, seconds always, no fraction (truncated),
    /// and always an explicit `±HH:MM` offset (`+00:00` for UTC, never `Z`).
    public static func formatISO(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let zoneOffset = offset(zone, seconds)
        let local = wallClock(seconds + zoneOffset, nanosecond: 0)
        let sign = zoneOffset < 0 ? "-" : "+"
        let minutes = Int(zoneOffset.magnitude / 60)
        return "\(local)\(sign)\(ISODigits.padded(minutes / 60, 2)):\(ISODigits.padded(minutes % 60, 2))"
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with an optional offset (`Z`, `+03:00`, `+0300`,
    /// `-05:00`). With an offset it is that instant. Without one it is wall time in `zone`: an
    /// ambiguous time means its first occurrence (SPEC §4), a time in a DST gap is
    /// `.nonexistentLocalTime`. Anything else, including a date alone, is `.invalidFormat`.
    public static func parseISO(_ text: String, in zone: TimeZone) throws(LocalTimeError) -> Date {
        var body = Substring(text)
        var explicitOffset: Int64?
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
            explicitOffset = 0
        } else if let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }), body.distance(from: body.startIndex, to: signIndex) > 10 {
            guard let parsed = parseOffset(body[signIndex...]) else { throw .invalidFormat }
            explicitOffset = parsed
            body = body[..<signIndex]
        }
        guard let local = LocalDateTime(iso: String(body)) else { throw .invalidFormat }
        if let explicitOffset {
            let (wallSeconds, fraction) = wallClockSeconds(local)
            return date(wallSeconds - explicitOffset, fraction: fraction)
        }
        switch resolve(local, in: zone) {
        case .unique(let instant): return instant
        case .ambiguous(let earlier, _): return earlier
        case .nonexistent: throw .nonexistentLocalTime
        }
    }

    // MARK: Private

    /// `±HH:MM` or `±HHMM`, at most 18 hours either way.
    private static func parseOffset(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        let digits: [UInt8]
        switch bytes.count {
        case 6 where bytes[3] == UInt8(ascii: ":"): digits = Array(bytes[1...2] + bytes[4...5])
        case 5: digits = Array(bytes[1...4])
        default: return nil
        }
        guard let hours = ISODigits.number(digits, 0, 2), let minutes = ISODigits.number(digits, 2, 2),
            hours <= 18, minutes <= 59, hours * 60 + minutes <= 18 * 60
        else { return nil }
        let magnitude = Int64(hours * 3600 + minutes * 60)
        return bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    /// The wall time read as if it were UTC: whole seconds since 1970 and the sub-second part.
    private static func wallClockSeconds(_ local: LocalDateTime) -> (seconds: Int64, fraction: Double) {
        let seconds = Int64(local.date.daysSinceEpoch) * secondsPerDay + Int64(local.time.secondsSinceMidnight)
        return (seconds, Double(local.nanosecond) / 1_000_000_000)
    }

    private static func wallClock(_ wallSeconds: Int64, nanosecond: Int) -> LocalDateTime {
        let days = wallSeconds >= 0 ? wallSeconds / secondsPerDay : (wallSeconds - secondsPerDay + 1) / secondsPerDay
        let secondOfDay = Int(wallSeconds - days * secondsPerDay)
        guard let time = LocalTimeOfDay(hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60) else {
            preconditionFailure("TenantTime: second of day out of range")
        }
        return LocalDateTime(date: LocalDate(daysSinceEpoch: Int(days)), time: time, nanosecond: nanosecond)
    }

    private static func offset(_ zone: TimeZone, _ seconds: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    private static func date(_ seconds: Int64, fraction: Double) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// The first whole second in `(low, high]` whose wall time is past `wallSeconds`, i.e. the
    /// instant the clocks jumped over it. Binary search, so any gap length and any kind of offset
    /// change works, not only the ones a zone reports as DST transitions.
    private static func firstInstant(in zone: TimeZone, from low: Int64, to high: Int64, wallPast wallSeconds: Int64) -> Int64 {
        var low = low
        var high = high
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if middle + offset(zone, middle) > wallSeconds {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }
}
