import CRMCore
import Foundation

/// Where the wall-clock cells of a run of local days are in real time, in the tenant's zone.
///
/// A day whose offset does not change (every day but two a year) is linear: cell `i` starts
/// `i × 15` minutes after its midnight. A changeover day keeps a table of each cell's instant,
/// built with `TenantTime.resolve`: a cell in a spring-forward gap does not exist (never free),
/// an ambiguous cell on a fall-back day is its first occurrence (SPEC §4). Assumes the zone's
/// offsets are whole quarter hours (true of every IANA zone in use) and at most one change per day.
struct CellClock: Sendable {
    struct Day: Sendable {
        let date: LocalDate
        /// Epoch seconds of the first instant of the day and of the next day.
        let start: Int64
        let end: Int64
        /// Cells whose wall time exists that day.
        let existing: DayGrid
        /// Changeover days only: the first-occurrence instant of each cell (`nil` in a gap).
        let table: [Int64?]?

        var isLinear: Bool { table == nil }
    }

    let zone: TimeZone
    let days: [Day]

    /// Days `first` ... `last`, both included.
    init(zone: TimeZone, from first: LocalDate, through last: LocalDate) {
        self.zone = zone
        var days: [Day] = []
        days.reserveCapacity(Swift.max(0, last.daysSinceEpoch - first.daysSinceEpoch + 1))
        var date = first
        var start = Self.seconds(TenantTime.startOfDay(first, in: zone))
        while date <= last {
            let next = date.adding(days: 1)
            let end = Self.seconds(TenantTime.startOfDay(next, in: zone))
            let steady =
                end - start == 86_400
                && zone.secondsFromGMT(for: Self.date(start)) == zone.secondsFromGMT(for: Self.date(end - 1))
            if steady {
                days.append(Day(date: date, start: start, end: end, existing: .full, table: nil))
            } else {
                days.append(Self.changeoverDay(date, start: start, end: end, zone: zone))
            }
            date = next
            start = end
        }
        self.days = days
    }

    private static func changeoverDay(_ date: LocalDate, start: Int64, end: Int64, zone: TimeZone) -> Day {
        var table: [Int64?] = []
        table.reserveCapacity(DayGrid.cellCount)
        var existing = DayGrid.empty
        for cell in 0..<DayGrid.cellCount {
            let minutes = cell * DayGrid.cellMinutes
            guard let time = LocalTimeOfDay(hour: minutes / 60, minute: minutes % 60) else { preconditionFailure("CellClock: cell \(cell)") }
            switch TenantTime.resolve(LocalDateTime(date: date, time: time), in: zone) {
            case .unique(let instant), .ambiguous(let instant, _):
                table.append(seconds(instant))
                existing.insert(cell)
            case .nonexistent:
                table.append(nil)
            }
        }
        return Day(date: date, start: start, end: end, existing: existing, table: table)
    }

    var first: LocalDate? { days.first?.date }

    /// The index of `date` in `days`, if covered.
    func index(of date: LocalDate) -> Int? {
        guard let first else { return nil }
        let index = date.daysSinceEpoch - first.daysSinceEpoch
        return days.indices.contains(index) ? index : nil
    }

    /// Epoch seconds at which cell `cell` of day `day` starts (its first occurrence); nil in a gap.
    func instant(day: Int, cell: Int) -> Int64? {
        let entry = days[day]
        if let table = entry.table { return table[cell] }
        return entry.start + Int64(cell) * DayGrid.cellSeconds
    }

    /// The day and wall-clock cell that contain the instant `seconds`, if inside the covered days.
    /// On a fall-back day the repeated hour's second occurrence lands on the same cells as the first.
    func locate(_ seconds: Int64) -> (day: Int, cell: Int)? {
        guard let firstDay = days.first, seconds >= firstDay.start, let lastDay = days.last, seconds < lastDay.end else { return nil }
        var index = Int((seconds - firstDay.start) / 86_400)
        index = Swift.min(Swift.max(index, 0), days.count - 1)
        while days[index].start > seconds { index -= 1 }
        while days[index].end <= seconds { index += 1 }
        let entry = days[index]
        if entry.isLinear { return (index, Int((seconds - entry.start) / DayGrid.cellSeconds)) }
        let wall = TenantTime.localDateTime(of: Self.date(seconds), in: zone).time
        return (index, wall.minutesSinceMidnight / DayGrid.cellMinutes)
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
