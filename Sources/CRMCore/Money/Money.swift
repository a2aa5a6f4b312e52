import Foundation

/// Why a money amount could not be read. The raw value is the problem code reported in
/// `AppError.validation` fields.
public enum MoneyParseError: String, Error, Sendable, Equatable {
    /// Not a plain decimal number: empty, spaces, `,` as separator, exponent, `.5`, `1.`, `+1`.
    case invalidAmount = "invalid_amount"
    /// More than two digits after the decimal point (`10.005`, also `10.050` written as text).
    case tooManyDecimals = "too_many_decimals"
    /// The amount does not fit in `Int64` minor units.
    case outOfRange = "out_of_range"

    public var problemCode: String { rawValue }
}

/// An amount of money in integer minor units (kopecks, cents); the currency is the tenant's
/// and is not carried here. There is deliberately no `Double` anywhere on this path.
///
/// In JSON it is a decimal string with exactly two decimals (`"1500.00"`, `"-0.50"`). It decodes
/// from such a string or from a JSON number (`1500`, `10.05`). Text input is checked digit by
/// digit: `"10.050"` has three decimals and is rejected. A JSON number is checked by value, since
/// Foundation hands it over as a `Decimal` that has already dropped trailing zeros (`10.050` is
/// `10.05` and accepted); numbers with more than 38 significant digits are rounded by Foundation
/// before they reach us and cannot be checked exactly.
///
/// Arithmetic is overflow-checked and traps with a message: amounts near `Int64.max` minor units
/// (about 92 quadrillion) are far beyond any real invoice, so reaching them is a programming error.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var minorUnits: Int64

    public static let zero = Money(minorUnits: 0)

    public init(minorUnits: Int64) {
        self.minorUnits = minorUnits
    }

    /// `Money(major: 12, minor: 30)` is 12.30 and `Money(major: -12, minor: 30)` is -12.30: `minor`
    /// (0...99) takes the sign of `major`. For amounts between -1 and 0 use `major: 0, minor: -50`.
    public init(major: Int64, minor: Int64 = 0) {
        precondition(minor > -100 && minor < 100, "Money(major:minor:): minor must be in -99...99, got \(minor)")
        precondition(major == 0 || minor >= 0, "Money(major:minor:): a negative minor needs major == 0")
        let (scaled, overflow) = major.multipliedReportingOverflow(by: 100)
        precondition(!overflow, "Money(major:minor:) overflows Int64 minor units")
        self.init(minorUnits: Money.checked(major < 0 ? scaled.subtractingReportingOverflow(minor) : scaled.addingReportingOverflow(minor)))
    }

    // MARK: Parsing and formatting

    /// Parses `"1500"`, `"1500.5"`, `"1500.50"`, `"-12.30"`, `"0.05"`.
    ///
    /// Grammar: an optional `-`, one or more ASCII digits, then optionally `.` and one or two
    /// digits. `"1."`, `".5"`, `"+1"`, `" 1"`, `"1,5"` and `"1e3"` are `.invalidAmount`; three or
    /// more decimals are `.tooManyDecimals`; values beyond `Int64` minor units are `.outOfRange`.
    public static func parse(_ text: String) -> Result<Money, MoneyParseError> {
        let bytes = Array(text.utf8)
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }

        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = bytes[integerStart..<index]
        guard !integerDigits.isEmpty else { return .failure(.invalidAmount) }

        var fractionDigits = bytes[index..<index]
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ".") else { return .failure(.invalidAmount) }
            let fractionStart = index + 1
            index = fractionStart
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = bytes[fractionStart..<index]
            guard index == bytes.count, !fractionDigits.isEmpty else { return .failure(.invalidAmount) }
            guard fractionDigits.count <= 2 else { return .failure(.tooManyDecimals) }
        }

        // Accumulate the magnitude unsigned so that Int64.min (whose magnitude exceeds Int64.max) parses.
        var magnitude: UInt64 = 0
        let fraction = Array(fractionDigits) + Array(repeating: UInt8(ascii: "0"), count: 2 - fractionDigits.count)
        for digit in integerDigits + fraction {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return .failure(.outOfRange) }
            magnitude = next
        }
        if negative {
            guard magnitude <= Int64.min.magnitude else { return .failure(.outOfRange) }
            return .success(Money(minorUnits: magnitude == Int64.min.magnitude ? .min : -Int64(magnitude)))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(.outOfRange) }
        return .success(Money(minorUnits: Int64(magnitude)))
    }

    /// Two decimals, `-` for negatives, no grouping: `"1500.00"`, `"-0.50"`, `"0.05"`.
    public var description: String {
        let magnitude = minorUnits.magnitude
        let minor = magnitude % 100
        let sign = minorUnits < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(minor < 10 ? "0" : "")\(minor)"
    }

    // MARK: Codable

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            // Same as any other non-optional value given as null, so the error mapping says "required".
            throw DecodingError.valueNotFound(Money.self, .init(codingPath: decoder.codingPath, debugDescription: "required"))
        }
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else if let number = try? container.decode(Decimal.self), !number.isNaN {
            // Decimal keeps the number's decimal digits (a Double would turn 10.005 into 10.00499...).
            // Its description is locale-independent plain notation, e.g. 1e-5 -> "0.00001".
            text = number.description
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: MoneyParseError.invalidAmount.rawValue))
        }
        switch Money.parse(text) {
        case .success(let money):
            self = money
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.rawValue))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Arithmetic

    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.minorUnits < rhs.minorUnits
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: checked(lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)))
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: checked(lhs.minorUnits.subtractingReportingOverflow(rhs.minorUnits)))
    }

    public static prefix func - (value: Money) -> Money {
        Money(minorUnits: checked(Int64(0).subtractingReportingOverflow(value.minorUnits)))
    }

    /// Price × quantity.
    public static func * (lhs: Money, rhs: Int) -> Money {
        Money(minorUnits: checked(lhs.minorUnits.multipliedReportingOverflow(by: Int64(rhs))))
    }

    public static func * (lhs: Int, rhs: Money) -> Money {
        rhs * lhs
    }

    public static func += (lhs: inout Money, rhs: Money) {
        lhs = lhs + rhs
    }

    public static func -= (lhs: inout Money, rhs: Money) {
        lhs = lhs - rhs
    }

    /// `basisPoints / 100` percent of this amount (1 bp = 0.01 %, 10 000 bp = 100 %), rounded to
    /// the minor unit half away from zero: 15 % of 0.05 is 0.01, 15 % of -0.05 is -0.01.
    public func percentage(basisPoints: Int64) -> Money {
        // Int128 so that large amounts times large rates cannot overflow before the division.
        let product = Int128(minorUnits) * Int128(basisPoints)
        var quotient = product / 10_000
        let remainder = product % 10_000
        if remainder.magnitude * 2 >= 10_000 {
            quotient += product < 0 ? -1 : 1
        }
        guard let result = Int64(exactly: quotient) else {
            preconditionFailure("Money.percentage overflows Int64 minor units")
        }
        return Money(minorUnits: result)
    }

    /// The exact sum; `.zero` for an empty sequence.
    public static func sum(_ amounts: some Sequence<Money>) -> Money {
        amounts.reduce(.zero, +)
    }

    // MARK: Private

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool)) -> Int64 {
        precondition(!result.overflow, "Money arithmetic overflows Int64 minor units")
        return result.partialValue
    }
}
