import Foundation
import Testing

@testable import CRMCore

@Suite("Money")
struct MoneyTests {
    private struct Invoice: Codable, Equatable {
        var title: String
        var total: Money
        var deposit: Money?
    }

    private static func decodeInvoice(totalJSON: String) throws -> Invoice {
        try JSONDecoder().decode(Invoice.self, from: Data(#"{"title":"Cut","total":\#(totalJSON)}"#.utf8))
    }

    /// The problem code an invalid `total` is reported with (as the error middleware reads it), or nil when it decoded.
    private static func decodingProblem(totalJSON: String) -> String? {
        do {
            _ = try decodeInvoice(totalJSON: totalJSON)
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["total"])
            return context.debugDescription
        } catch DecodingError.valueNotFound(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["total"])
            return "required"
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(arguments: [
        ("1500", Int64(150_000)), ("1500.5", 150_050), ("1500.50", 150_050), ("-12.30", -1230), ("0.05", 5),
        ("0", 0), ("-0", 0), ("-0.5", -50), ("007.10", 710),
        ("92233720368547758.07", Int64.max), ("-92233720368547758.08", Int64.min),
    ])
    func parsesValidAmounts(text: String, minorUnits: Int64) throws {
        // when
        let money = try Money.parse(text).get()
        // then
        #expect(money.minorUnits == minorUnits)
    }

    @Test(arguments: [
        ("", MoneyParseError.invalidAmount), (" ", .invalidAmount), (" 1", .invalidAmount), ("1 ", .invalidAmount),
        ("1 000", .invalidAmount), ("1,5", .invalidAmount), ("1e3", .invalidAmount), (".", .invalidAmount),
        ("1.", .invalidAmount), (".5", .invalidAmount), ("+1", .invalidAmount), ("-", .invalidAmount), ("--1", .invalidAmount),
        ("1.2.3", .invalidAmount), ("abc", .invalidAmount), ("١٢", .invalidAmount), ("1.-5", .invalidAmount),
        ("10.005", .tooManyDecimals), ("10.050", .tooManyDecimals), ("0.001", .tooManyDecimals),
        ("92233720368547758.08", .outOfRange), ("-92233720368547758.09", .outOfRange), ("99999999999999999999999", .outOfRange),
    ])
    func rejectsInvalidAmounts(text: String, expected: MoneyParseError) {
        #expect(Money.parse(text) == .failure(expected))
    }

    @Test func problemCodesAreTheRawValues() {
        #expect(MoneyParseError.invalidAmount.problemCode == "invalid_amount")
        #expect(MoneyParseError.tooManyDecimals.rawValue == "too_many_decimals")
        #expect(MoneyParseError.outOfRange.rawValue == "out_of_range")
    }

    @Test(arguments: [
        (Int64(150_000), "1500.00"), (-50, "-0.50"), (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (-1230, "-12.30"), (101, "1.01"),
        (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func formatsWithTwoDecimals(minorUnits: Int64, text: String) {
        #expect(Money(minorUnits: minorUnits).description == text)
    }

    @Test func majorMinorConvenience() {
        #expect(Money(major: 12, minor: 30).minorUnits == 1230)
        #expect(Money(major: -12, minor: 30).minorUnits == -1230)
        #expect(Money(major: 0, minor: -50).minorUnits == -50)
        #expect(Money(major: 7).minorUnits == 700)
    }

    @Test func jsonRoundTripOfAStructContainingMoney() throws {
        // given
        let invoice = Invoice(title: "Cut", total: Money(minorUnits: 150_000), deposit: Money(minorUnits: -50))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // when
        let data = try encoder.encode(invoice)
        let decoded = try JSONDecoder().decode(Invoice.self, from: data)
        // then
        #expect(String(decoding: data, as: UTF8.self) == #"{"deposit":"-0.50","title":"Cut","total":"1500.00"}"#)
        #expect(decoded == invoice)
        let withoutDeposit = try JSONDecoder().decode(Invoice.self, from: Data(#"{"title":"Cut","total":"1.00","deposit":null}"#.utf8))
        #expect(withoutDeposit.deposit == nil)
    }

    @Test(arguments: [
        ("1500", Int64(150_000)), ("1500.5", 150_050), ("10.05", 1005), ("-12.3", -1230), ("0.1", 10), ("10.050", 1005), ("1e3", 100_000),
        (#""1500""#, 150_000), (#""1500.50""#, 150_050), (#""-0.05""#, -5),
    ])
    func decodesNumbersAndStrings(json: String, minorUnits: Int64) throws {
        #expect(try Self.decodeInvoice(totalJSON: json).total.minorUnits == minorUnits)
    }

    @Test(arguments: [
        ("10.005", "too_many_decimals"), (#""10.005""#, "too_many_decimals"), ("0.30000000000000004", "too_many_decimals"),
        ("1e-5", "too_many_decimals"), ("92233720368547758.08", "out_of_range"), (#""92233720368547758.08""#, "out_of_range"),
        ("1e30", "out_of_range"), (#""1,5""#, "invalid_amount"), (#""""#, "invalid_amount"), ("true", "invalid_amount"),
        ("null", "required"), (#"{"amount":1}"#, "invalid_amount"),
    ])
    func rejectsBadJSONWithProblemCode(json: String, problem: String) {
        #expect(Self.decodingProblem(totalJSON: json) == problem)
    }

    @Test func arithmetic() {
        // given
        let price = Money(minorUnits: 1999)
        // then
        #expect(price + Money(minorUnits: 1) == Money(minorUnits: 2000))
        #expect(price - Money(minorUnits: 2000) == Money(minorUnits: -1))
        #expect(price * 3 == Money(minorUnits: 5997))
        #expect(3 * price == Money(minorUnits: 5997))
        #expect(-price == Money(minorUnits: -1999))
        #expect(Money(minorUnits: -1) < .zero)
        var total = Money.zero
        total += price
        total -= Money(minorUnits: 999)
        #expect(total == Money(minorUnits: 1000))
    }

    @Test(arguments: [
        (10_000, 3333, 3333),  // 33.33 % of 100.00 = 33.33
        (5, 1500, 1),  // 15 % of 0.05 = 0.0075 -> 0.01
        (-5, 1500, -1),  // half away from zero on the negative side too
        (10, 500, 1),  // 5 % of 0.10 = 0.005 -> 0.01 (exactly half)
        (10, 499, 0),  // 0.00499 -> 0.00
        (-10, 500, -1),
        (12_345, 10_000, 12_345),  // 100 %
        (12_345, 0, 0),
        (Int64.max, 10_000, Int64.max),  // no intermediate overflow
    ] as [(Int64, Int64, Int64)])
    func percentageRoundsHalfAwayFromZero(minorUnits: Int64, basisPoints: Int64, expected: Int64) {
        #expect(Money(minorUnits: minorUnits).percentage(basisPoints: basisPoints).minorUnits == expected)
    }

    @Test func sumIsExact() throws {
        // given
        let dimes = Array(repeating: try Money.parse("0.10").get(), count: 10)
        // when
        let total = Money.sum(dimes)
        // then
        #expect(total == Money(major: 1))
        #expect(total.description == "1.00")
        #expect(Money.sum([Money]()) == .zero)
    }
}
