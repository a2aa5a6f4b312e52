import Foundation
import Testing

@testable import CRMCore

@Suite("Tenant-local time")
struct LocalTimeTests {
    private let london = TimeZone(identifier: "Europe/London")!
    private let moscow = TimeZone(identifier: "Europe/Moscow")!
    private let newYork = TimeZone(identifier: "America/New_York")!

    private static func at(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }

    private static func local(_ text: String) throws -> LocalDateTime {
        try #require(LocalDateTime(iso: text))
    }

    // MARK: LocalDate / LocalTimeOfDay / LocalDateTime

    @Test(arguments: ["2026-03-29", "2028-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-12-31"])
    func parsesValidDates(text: String) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "2026-3-29", "2026-03-9",
        "26-03-29", "2026/03/29", "2026-03-29T00:00", " 2026-03-29", "", "2026-0a-29", "+026-03-29",
    ])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func dateArithmeticAndWeekday() throws {
        // given
        let date = try #require(LocalDate(iso: "2026-03-29"))
        // then
        #expect(date.isoWeekday == 7)  // a Sunday
        #expect(date.adding(days: 1).isoWeekday == 1)
        #expect(date.adding(days: 3).description == "2026-04-01")
        #expect(date.adding(days: -29).description == "2026-02-28")
        #expect(try #require(LocalDate(iso: "2028-02-28")).adding(days: 1).description == "2028-02-29")
        #expect(try #require(LocalDate(iso: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(LocalDate(iso: "1969-12-31")).isoWeekday == 3)
        #expect(LocalDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date < date.adding(days: 1))
        #expect(try #require(LocalDate(iso: "2025-12-31")) < date)
    }

    @Test func dateCodableAsISOString() throws {
        let date = try #require(LocalDate(iso: "2026-03-29"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-29"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }

    @Test func parsesTimesOfDay() throws {
        let time = try #require(LocalTimeOfDay(hhmm: "09:30"))
        #expect(time.minutesSinceMidnight == 570)
        #expect(time.description == "09:30")
        #expect(LocalTimeOfDay(hhmm: "23:59")?.minutesSinceMidnight == 1439)
        #expect(LocalTimeOfDay(hhmm: "00:00") == .midnight)
        #expect(LocalTimeOfDay(iso: "09:30:15")?.description == "09:30:15")
        #expect(LocalTimeOfDay(iso: "09:30:00")?.description == "09:30")
        #expect(LocalTimeOfDay(iso: "18:00") == LocalTimeOfDay(hour: 18, minute: 0))
        #expect(try #require(LocalTimeOfDay(hhmm: "09:00")) < time)
    }

    @Test(arguments: ["24:00", "09:7", "9:30", "09:60", "0930", "09:30:00", "09-30", "", "ab:cd", "-1:30", "09:30 "])
    func rejectsInvalidHHMM(text: String) {
        #expect(LocalTimeOfDay(hhmm: text) == nil)
    }

    @Test(arguments: ["24:00", "09:7", "23:59:60", "09:30:5", "09:30:", "09:30:00.5", "09:30:00Z"])
    func rejectsInvalidISOTime(text: String) {
        #expect(LocalTimeOfDay(iso: text) == nil)
    }

    @Test func parsesNaiveDateTimes() throws {
        #expect(try Self.local("2026-03-29T01:30").description == "2026-03-29T01:30:00")
        let fractional = try Self.local("2026-03-29T01:30:05.25")
        #expect(fractional.nanosecond == 250_000_000)
        #expect(fractional.description == "2026-03-29T01:30:05.25")
        #expect(try Self.local("2026-03-29T01:30:05.123456789").nanosecond == 123_456_789)
        for bad in ["2026-03-29", "2026-03-29 01:30", "2026-03-29t01:30", "2026-03-29T01:30.5", "2026-03-29T01:30:00.", "2026-03-29T24:00",
            "2026-03-29T01:30:00.1234567890", "2026-03-29T01:30:00Z", "2026-02-30T01:30"]
        {
            #expect(LocalDateTime(iso: bad) == nil, "\(bad)")
        }
    }

    // MARK: Resolution

    @Test func londonSpringGapIsNonexistent() throws {
        // given 2026-03-29: clocks go 01:00 GMT -> 02:00 BST
        let wall = try Self.local("2026-03-29T01:30")
        // when
        let resolution = TenantTime.resolve(wall, in: london)
        // then: the next valid instant is when the clocks jumped, 01:00Z (02:00 BST)
        #expect(resolution == .nonexistent(nextValid: Self.at(1_774_746_000)))
        #expect(throws: LocalTimeError.nonexistentLocalTime) { try TenantTime.parseISO("2026-03-29T01:30", in: london) }
        #expect(TenantTime.resolve(try Self.local("2026-03-29T00:59:59"), in: london) == .unique(Self.at(1_774_745_999)))
        #expect(TenantTime.resolve(try Self.local("2026-03-29T02:00"), in: london) == .unique(Self.at(1_774_746_000)))
    }

    @Test func londonAutumnOverlapIsAmbiguousAndParsesToFirstOccurrence() throws {
        // given 2026-10-25: clocks go 02:00 BST -> 01:00 GMT, so 01:30 happens twice
        let wall = try Self.local("2026-10-25T01:30")
        // when
        let resolution = TenantTime.resolve(wall, in: london)
        let parsed = try TenantTime.parseISO("2026-10-25T01:30", in: london)
        // then
        #expect(resolution == .ambiguous(earlier: Self.at(1_792_888_200), later: Self.at(1_792_891_800)))
        #expect(parsed == Self.at(1_792_888_200))  // 00:30Z, the first occurrence
        #expect(TenantTime.formatISO(parsed, in: london) == "2026-10-25T01:30:00+01:00")
        #expect(TenantTime.formatISO(Self.at(1_792_891_800), in: london) == "2026-10-25T01:30:00+00:00")
    }

    @Test func moscowHasNoDST() throws {
        #expect(TenantTime.resolve(try Self.local("2026-03-29T01:30"), in: moscow) == .unique(Self.at(1_774_737_000)))
        #expect(try TenantTime.parseISO("2026-03-29T01:30:00", in: moscow) == Self.at(1_774_737_000))  // 22:30Z the day before
        #expect(TenantTime.dayInterval(try #require(LocalDate(iso: "2026-10-25")), in: moscow).duration == 86_400)
    }

    @Test func newYorkGapAndOverlap() throws {
        #expect(TenantTime.resolve(try Self.local("2026-03-08T02:30"), in: newYork) == .nonexistent(nextValid: Self.at(1_772_953_200)))
        #expect(throws: LocalTimeError.nonexistentLocalTime) { try TenantTime.parseISO("2026-03-08T02:30:00", in: newYork) }
        #expect(
            TenantTime.resolve(try Self.local("2026-11-01T01:30"), in: newYork)
                == .ambiguous(earlier: Self.at(1_793_511_000), later: Self.at(1_793_514_600)))
        #expect(try TenantTime.parseISO("2026-11-01T01:30", in: newYork) == Self.at(1_793_511_000))
    }

    @Test func fractionIsKeptWhenResolving() throws {
        let resolution = TenantTime.resolve(try Self.local("2026-06-15T10:30:00.5"), in: london)
        #expect(resolution == .unique(Self.at(1_781_515_800.5)))
    }

    // MARK: Days

    @Test func dstDaysAre23And25HoursLong() throws {
        // given
        let spring = try #require(LocalDate(iso: "2026-03-29"))
        let autumn = try #require(LocalDate(iso: "2026-10-25"))
        // when
        let springDay = TenantTime.dayInterval(spring, in: london)
        let autumnDay = TenantTime.dayInterval(autumn, in: london)
        // then
        #expect(springDay.start == Self.at(1_774_742_400))
        #expect(springDay.end == Self.at(1_774_825_200))
        #expect(springDay.duration == 23 * 3600)
        #expect(autumnDay.start == Self.at(1_792_882_800))  // midnight BST = 23:00Z the day before
        #expect(autumnDay.end == Self.at(1_792_972_800))
        #expect(autumnDay.duration == 25 * 3600)
        #expect(TenantTime.startOfDay(autumn, in: london) == autumnDay.start)
        #expect(TenantTime.endOfDay(autumn, in: london) == autumnDay.end)
    }

    @Test func instantToWallClock() throws {
        // given 22:30Z on 2026-03-28
        let instant = Self.at(1_774_737_000.25)
        // then
        #expect(TenantTime.localDateTime(of: instant, in: moscow).description == "2026-03-29T01:30:00.25")
        #expect(TenantTime.localDate(of: instant, in: moscow).description == "2026-03-29")
        #expect(TenantTime.localDate(of: instant, in: london).description == "2026-03-28")
        #expect(TenantTime.localDateTime(of: Self.at(-1), in: TenantTime.zone(named: "UTC")!).description == "1969-12-31T23:59:59")
    }

    // MARK: ISO parsing and formatting

    @Test(arguments: [
        ("2026-03-29T01:30:00Z", 1_774_747_800.0), ("2026-03-29T01:30:00z", 1_774_747_800), ("2026-03-29T04:30:00+03:00", 1_774_747_800),
        ("2026-03-29T04:30:00+0300", 1_774_747_800), ("2026-03-28T20:30:00-05:00", 1_774_747_800), ("2026-03-29T01:30+00:00", 1_774_747_800),
        ("2026-03-29T01:30:00.250Z", 1_774_747_800.25), ("2026-03-29T01:30:00-00:00", 1_774_747_800),
    ])
    func parsesWithExplicitOffsetRegardlessOfZone(text: String, seconds: TimeInterval) throws {
        // an explicit offset wins even for a wall time that does not exist in London
        #expect(try TenantTime.parseISO(text, in: london) == Self.at(seconds))
        #expect(try TenantTime.parseISO(text, in: moscow) == Self.at(seconds))
    }

    @Test func withoutOffsetIsLocalToTheZone() throws {
        #expect(try TenantTime.parseISO("2026-06-15T10:30:00", in: london) == Self.at(1_781_515_800))
        #expect(try TenantTime.parseISO("2026-06-15T12:30:00", in: moscow) == Self.at(1_781_515_800))
        #expect(try TenantTime.parseISO("2026-06-15T05:30", in: newYork) == Self.at(1_781_515_800))
    }

    @Test(arguments: [
        "", "garbage", "2026-03-29", "2026-03-29T", "2026-03-29T1:30", "2026-03-29 01:30:00Z", "2026-03-29T01:30:00+3", "2026-03-29T01:30:00+03",
        "2026-03-29T01:30:00+03:0", "2026-03-29T01:30:00+19:00", "2026-03-29T01:30:00+03:60", "2026-03-29T01:30:00++03:00",
        "2026-03-29T01:30:00 +03:00", "2026-03-29T01:30:00ZZ", "2026-02-30T01:30:00Z", "2026-03-29T25:00:00Z", "1774747800",
    ])
    func rejectsInvalidISOText(text: String) {
        #expect(throws: LocalTimeError.invalidFormat) { try TenantTime.parseISO(text, in: london) }
    }

    @Test func localTimeErrorMapsToValidationError() {
        #expect(LocalTimeError.invalidFormat.problemCode == "invalid_datetime")
        #expect(LocalTimeError.nonexistentLocalTime.appError(field: "startsAt").fields == ["startsAt": "nonexistent_local_time"])
        #expect(LocalTimeError.invalidFormat.appError(field: "startsAt").status == .badRequest)
    }

    @Test func formatsWithExplicitOffset() throws {
        let utc = try #require(TenantTime.zone(named: "UTC"))
        #expect(TenantTime.formatISO(Self.at(1_774_747_800.9), in: utc) == "2026-03-29T01:30:00+00:00")
        #expect(TenantTime.formatISO(Self.at(1_774_747_800), in: moscow) == "2026-03-29T04:30:00+03:00")
        #expect(TenantTime.formatISO(Self.at(1_774_747_800), in: newYork) == "2026-03-28T21:30:00-04:00")
        #expect(TenantTime.formatISO(Self.at(1_772_953_199), in: newYork) == "2026-03-08T01:59:59-05:00")
    }

    @Test(arguments: [1_774_745_999.0, 1_774_746_000, 1_792_888_200, 1_792_891_800, 1_793_511_000, 1_793_514_600, 0, 1_781_515_800])
    func formatRoundTripsThroughParse(seconds: TimeInterval) throws {
        for zone in [london, moscow, newYork] {
            let text = TenantTime.formatISO(Self.at(seconds), in: zone)
            #expect(try TenantTime.parseISO(text, in: zone) == Self.at(seconds), "\(text) in \(zone.identifier)")
        }
    }

    // MARK: Zones

    @Test(arguments: ["Europe/London", "America/New_York", "Europe/Moscow", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "Europe/Kyiv"])
    func acceptsRegionZones(name: String) {
        #expect(TenantTime.zone(named: name)?.identifier == name)
    }

    @Test func acceptsUTC() throws {
        let utc = try #require(TenantTime.zone(named: "UTC"))
        #expect(utc.secondsFromGMT(for: Self.at(1_781_515_800)) == 0)
    }

    @Test(arguments: [
        "GMT+3", "GMT", "MSK", "EST", "US/Eastern", "", "garbage", "europe/london", "Europe/London ", "Etc/GMT+3", "+03:00",
        "Europe/Garbage", "Europe/london", "Europe/London/", "Europe/GMT+3", "Etc/UTC",
    ])
    func rejectsNonRegionZones(name: String) {
        #expect(TenantTime.zone(named: name) == nil)
    }
}
