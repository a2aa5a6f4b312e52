import CRMCore

/// A half-open span of one local day, `start..<end`, in minutes since local midnight
/// (0...1440; 1440 is the `"24:00"` that ends a day). Pure numbers: turning a local day into
/// instants (DST, the tenant's zone) is the slot engine's business, not the schedule's.
public struct MinuteRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let dayMinutes = 1440

    public let start: Int
    public let end: Int

    /// `nil` unless `0 <= start < end <= 1440`.
    public init?(start: Int, end: Int) {
        guard start >= 0, end <= Self.dayMinutes, start < end else { return nil }
        self.start = start
        self.end = end
    }

    public var minutes: Int { end - start }

    public func overlaps(_ other: MinuteRange) -> Bool { start < other.end && other.start < end }

    /// `["HH:MM","HH:MM"]` as stored and served.
    public var description: String { "[\(Self.hhmm(start)), \(Self.hhmm(end))]" }

    public var jsonValue: JSONValue { .array([.string(Self.hhmm(start)), .string(Self.hhmm(end))]) }

    public static func < (lhs: MinuteRange, rhs: MinuteRange) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }

    /// `"HH:MM"` of a minute of the day; 1440 is `"24:00"`.
    public static func hhmm(_ minute: Int) -> String {
        let hours = minute / 60
        let minutes = minute % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    /// Strict `"HH:MM"` (two digits each, `00:00`...`23:59`, or `24:00`) as minutes of the day.
    public static func minute(of text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        func digit(_ index: Int) -> Int? {
            let byte = bytes[index]
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
        }
        guard let h1 = digit(0), let h2 = digit(1), let m1 = digit(3), let m2 = digit(4) else { return nil }
        let hour = h1 * 10 + h2
        let minute = m1 * 10 + m2
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }
}

/// Set operations over sorted, non-overlapping ranges of one day, for applying overrides and
/// (in the slot engine) intersecting the location's hours with the staff member's.
extension Array where Element == MinuteRange {
    /// The minutes in both `self` and `other`.
    public func intersecting(_ other: [MinuteRange]) -> [MinuteRange] {
        var result: [MinuteRange] = []
        for a in self {
            for b in other {
                if let both = MinuteRange(start: Swift.max(a.start, b.start), end: Swift.min(a.end, b.end)) { result.append(both) }
            }
        }
        return result.sorted()
    }

    /// The minutes of `self` not in any of `holes` (which may overlap one another).
    public func subtracting(_ holes: [MinuteRange]) -> [MinuteRange] {
        var remaining = self
        for hole in holes {
            remaining = remaining.flatMap { range -> [MinuteRange] in
                guard range.overlaps(hole) else { return [range] }
                return [MinuteRange(start: range.start, end: hole.start), MinuteRange(start: hole.end, end: range.end)].compactMap { $0 }
            }
        }
        return remaining.sorted()
    }
}
