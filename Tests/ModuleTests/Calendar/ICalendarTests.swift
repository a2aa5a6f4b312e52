import Foundation
import Testing
import TestSupport

@testable import Modules

/// The RFC 5545 writer, checked by hand and by Python's `icalendar` parser.
@Suite struct ICalendarTests {
    static let events = [
        CalendarEvent(
            uid: "a1@veloria", start: Date(timeIntervalSince1970: 1_774_746_000), end: Date(timeIntervalSince1970: 1_774_749_600),
            summary: "Маникюр, покрытие; Анна",
            description: "Аллергия на латекс.\nПринести фото, пожалуйста — " + String(repeating: "очень ", count: 20),
            location: "Studio, 1 Main St", status: .confirmed, lastModified: Date(timeIntervalSince1970: 1_774_000_000), sequence: 2),
        CalendarEvent(
            uid: "b2@veloria", start: Date(timeIntervalSince1970: 1_774_832_400), end: Date(timeIntervalSince1970: 1_774_834_200),
            summary: "Brows \\ lashes", status: .cancelled, lastModified: Date(timeIntervalSince1970: 1_774_000_000)),
    ]

    @Test func linesAreFoldedAt75OctetsWithoutSplittingCharacters() {
        // given
        let feed = ICalendar.feed(
            name: "Анна — calendar", timezone: "Europe/Moscow", events: Self.events, generatedAt: Date(timeIntervalSince1970: 1_774_000_000))
        // then: CRLF everywhere, no physical line over 75 octets, unfolding gives the text back
        #expect(feed.hasSuffix("END:VCALENDAR\r\n"))
        let physical = feed.components(separatedBy: "\r\n").dropLast()
        #expect(physical.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") })
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Маникюр\\, покрытие\\; Анна"))
        #expect(unfolded.contains("DESCRIPTION:Аллергия на латекс.\\nПринести"))
        #expect(unfolded.contains("DTSTART:20260329T010000Z"))
        #expect(unfolded.contains("SUMMARY:Brows \\\\ lashes"))
    }

    @Test func pythonsICalendarParserReadsTheFeedBack() throws {
        // given
        let feed = ICalendar.feed(
            name: "Студия", timezone: "Europe/London", events: Self.events, generatedAt: Date(timeIntervalSince1970: 1_774_000_000))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID()).ics")
        try Data(feed.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // when: parsed by icalendar (PyPI; scripts/test installs it), which reports component errors
        let script = """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            bad = [c.name for c in cal.walk() if c.errors]
            assert not bad, bad
            events = cal.walk('VEVENT')
            print(len(events))
            for e in events:
                print(e.decoded('DTSTART').isoformat(), str(e['SUMMARY']), str(e['STATUS']))
            print(str(events[0]['DESCRIPTION']).split(chr(10))[0])
            """
        let output = try Self.python(script, arguments: [file.path])
        // then
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "2")
        #expect(lines.dropFirst().first == "2026-03-29T01:00:00+00:00 Маникюр, покрытие; Анна CONFIRMED")
        #expect(lines.dropFirst(2).first == "2026-03-30T01:00:00+00:00 Brows \\ lashes CANCELLED")
        #expect(lines.last == "Аллергия на латекс.")
    }

    /// Runs python3 with icalendar (`ICALENDAR_PYTHONPATH` when scripts/test installed it).
    static func python(_ script: String, arguments: [String]) throws -> String {
        try TestPython.run(["-c", script] + arguments, package: "icalendar", variable: "ICALENDAR_PYTHONPATH")
    }
}
