import Foundation

/// One event of a calendar feed.
public struct CalendarEvent: Sendable, Equatable {
    public enum Status: String, Sendable { case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED" }

    /// Stable across feeds and edits, so calendar apps update the event instead of adding one.
    public var uid: String
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String?
    public var location: String?
    public var status: Status
    public var lastModified: Date
    /// Bumped on every change the subscriber should see (reschedules, status changes).
    public var sequence: Int

    public init(
        uid: String, start: Date, end: Date, summary: String, description: String? = nil, location: String? = nil, status: Status,
        lastModified: Date, sequence: Int = 0
    ) {
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.status = status
        self.lastModified = lastModified
        self.sequence = sequence
    }
}

/// Writes an RFC 5545 calendar: CRLF line ends, content lines folded at 75 octets without
/// splitting a UTF-8 character, TEXT values escaped, every time in UTC (`…Z`), so no VTIMEZONE
/// is needed and every calendar app shows the right local time.
public enum ICalendar {
    public static func feed(name: String, timezone: String, events: [CalendarEvent], generatedAt: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//VeloriaCRM//Calendar feed//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:" + escape(timezone), "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + utc(generatedAt), "DTSTART:" + utc(event.start), "DTEND:" + utc(event.end),
                "SUMMARY:" + escape(event.summary), "STATUS:" + event.status.rawValue, "SEQUENCE:\(event.sequence)",
                "LAST-MODIFIED:" + utc(event.lastModified),
            ]
            if let description = event.description { lines.append("DESCRIPTION:" + escape(description)) }
            if let location = event.location { lines.append("LOCATION:" + escape(location)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5, form 2).
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", parts.year ?? 0) + two(parts.month) + two(parts.day) + "T" + two(parts.hour) + two(parts.minute)
            + two(parts.second) + "Z"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Folds a content line into pieces of at most 75 octets; continuation lines start with one
    /// space (RFC 5545 §3.1). Splits between characters, never inside one.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
