import Catalog
/// One local day as 96 fifteen-minute wall-clock cells (SPEC §4): cell `i` is the wall time
/// `[i × 15, i × 15 + 15)` minutes after local midnight. A set bit is a free cell. Two words,
/// no allocation: every operation is a handful of bit instructions.
public struct DayGrid: Sendable, Hashable {
    public static let cellCount = 96
    public static let cellMinutes = 15
    public static let cellSeconds: Int64 = 900

    /// Cells 0..<64.
    public private(set) var low: UInt64
    /// Cells 64..<96 in bits 0..<32.
    public private(set) var high: UInt64

    private static let highMask: UInt64 = (1 << 32) - 1

    public static let empty = DayGrid(low: 0, high: 0)
    public static let full = DayGrid(low: .max, high: highMask)

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high & Self.highMask
    }

    /// The cells `cells` (clamped to 0..<96) set.
    public init(cells: Range<Int>) {
        let lower = Swift.max(0, cells.lowerBound)
        let upper = Swift.min(Self.cellCount, cells.upperBound)
        guard lower < upper else {
            self = .empty
            return
        }
        self.init(low: Self.bits(lower, upper, offset: 0), high: Self.bits(lower, upper, offset: 64))
    }

    /// Every cell that any of `ranges` touches (schedules are on the grid, so exactly theirs).
    public init(_ ranges: [MinuteRange]) {
        var grid = DayGrid.empty
        for range in ranges {
            grid.formUnion(DayGrid(cells: range.start / Self.cellMinutes..<(range.end + Self.cellMinutes - 1) / Self.cellMinutes))
        }
        self = grid
    }

    /// Bits `lower..<upper` of the 64-bit word that starts at cell `offset`.
    private static func bits(_ lower: Int, _ upper: Int, offset: Int) -> UInt64 {
        let from = Swift.max(lower - offset, 0)
        let to = Swift.min(upper - offset, 64)
        guard from < to else { return 0 }
        let width = to - from
        let ones: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        return ones << UInt64(from)
    }

    public subscript(cell: Int) -> Bool {
        guard cell >= 0, cell < Self.cellCount else { return false }
        return cell < 64 ? low & (1 << UInt64(cell)) != 0 : high & (1 << UInt64(cell - 64)) != 0
    }

    /// Whether every cell of `cells` is set (false when `cells` leaves the day or is empty).
    public func contains(_ cells: Range<Int>) -> Bool {
        guard cells.lowerBound >= 0, cells.upperBound <= Self.cellCount, !cells.isEmpty else { return false }
        let mask = DayGrid(cells: cells)
        return low & mask.low == mask.low && high & mask.high == mask.high
    }

    public var isEmpty: Bool { low == 0 && high == 0 }

    public var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }

    public func intersection(_ other: DayGrid) -> DayGrid { DayGrid(low: low & other.low, high: high & other.high) }

    public func subtracting(_ other: DayGrid) -> DayGrid { DayGrid(low: low & ~other.low, high: high & ~other.high) }

    public func union(_ other: DayGrid) -> DayGrid { DayGrid(low: low | other.low, high: high | other.high) }

    public mutating func formIntersection(_ other: DayGrid) { self = intersection(other) }

    public mutating func subtract(_ other: DayGrid) { self = subtracting(other) }

    public mutating func formUnion(_ other: DayGrid) { self = union(other) }

    public mutating func insert(_ cell: Int) { formUnion(DayGrid(cells: cell..<cell + 1)) }

    /// The set cells in ascending order (for tests and explanations, not the hot path).
    public var cells: [Int] { (0..<Self.cellCount).filter { self[$0] } }
}
