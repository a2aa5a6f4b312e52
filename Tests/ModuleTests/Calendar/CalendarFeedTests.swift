import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Per-staff iCalendar feeds: issuing, rotating and disabling the secret, who may, and the feed
/// itself as a calendar app reads it.
@Suite struct CalendarFeedTests {
    struct FeedStatus: Decodable { let enabled: Bool; let url: String? }
    struct IdBody: Decodable { let id: String }

    /// A studio with one staff member who performs one service, and one client.
    static func studio(_ client: any TestClientProtocol, _ app: TestApp) async throws -> StudioWorld {
        try await StudioWorld.studio(client, app)
            .withService(NewService(category: "Hair", name: "Manicure, gel", basePrice: "1500.00", durationMinutes: 60))
            .withStaff("Anna").withClient("Olga; VIP")
    }

    /// The feed URL's path and query, as the test client requests it.
    static func path(of url: String?) throws -> String {
        let url = try #require(url)
        return String(url[try #require(url.range(of: "/api/v1/"))!.lowerBound...])
    }

    @Test func aSubscribedCalendarSeesTheStaffAppointmentsAndParsesStrictly() async throws {
        try await withTestApp { client, app in
            // given: two appointments, one of them cancelled
            let studio = try await Self.studio(client, app)
            var ids: [String] = []
            for start in ["2026-06-02T10:00:00", "2026-06-03T12:00:00"] {
                let booked = try await client.call(
                    .post, "/api/v1/appointments", as: .bearer(studio.token),
                    body: NewAppointment(clientId: studio.clientId, serviceId: studio.serviceId, staffId: studio.staffId, startsAt: start))
                try #require(booked.status == .created, "\(booked.text)")
                ids.append(try booked.decoded(IdBody.self).id)
            }
            _ = try await client.call(.post, "/api/v1/appointments/\(ids[1])/cancel", as: .bearer(studio.token), json: #"{"reason":"ill"}"#)
            // when
            let issued = try await client.call(.post, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(studio.token))
            let feed = try await client.call(.get, try Self.path(of: try issued.decoded(FeedStatus.self).url))
            // then
            #expect(issued.status == .created)
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID()).ics")
            try Data(buffer: feed.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let output = try ICalendarTests.python(
                """
                import sys, icalendar
                cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
                assert not [c.name for c in cal.walk() if c.errors]
                for e in sorted(cal.walk('VEVENT'), key=lambda e: e.decoded('DTSTART')):
                    print(e.decoded('DTSTART').isoformat(), str(e['STATUS']), str(e['SUMMARY']), str(e['UID']))
                """, arguments: [file.path])
            #expect(
                output.split(separator: "\n").map(String.init) == [
                    "2026-06-02T09:00:00+00:00 TENTATIVE Manicure, gel — Olga; VIP \(ids[0])@veloria",
                    "2026-06-03T11:00:00+00:00 CANCELLED Manicure, gel — Olga; VIP \(ids[1])@veloria",
                ])
        }
    }

    @Test func rotatingOrDisablingCutsOffOldSubscriptions() async throws {
        try await withTestApp { client, app in
            // given
            let studio = try await Self.studio(client, app)
            let first = try await client.call(.post, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(studio.token))
                .decoded(FeedStatus.self)
            // when
            let second = try await client.call(.post, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(studio.token))
                .decoded(FeedStatus.self)
            let oldFeed = try await client.call(.get, try Self.path(of: first.url))
            let newFeed = try await client.call(.get, try Self.path(of: second.url))
            let status = try await client.call(.get, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(studio.token))
            let otherStaff = try await CalendarFeedTesting.addStaff(studio, app)
            let wrongStaff = try await client.call(
                .get, try Self.path(of: second.url).replacingOccurrences(of: studio.staffId, with: otherStaff.uuidString.lowercased()))
            let disabled = try await client.call(.delete, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(studio.token))
            let afterDisable = try await client.call(.get, try Self.path(of: second.url))
            // then
            #expect(first.url != second.url)
            #expect(oldFeed.status == .notFound && newFeed.status == .ok)
            #expect(try status.decoded(FeedStatus.self).enabled && (try status.decoded(FeedStatus.self).url) == nil)
            #expect(wrongStaff.status == .notFound)
            #expect(disabled.status == .noContent && afterDisable.status == .notFound)
            let actions = try await auditActions(app.database, studio.tenant.id)
            #expect(
                actions.filter { $0.hasPrefix("staff.calendar_feed") } == [
                    "staff.calendar_feed_issued", "staff.calendar_feed_issued", "staff.calendar_feed_disabled",
                ])
        }
    }

    @Test func aSpecialistManagesOnlyTheirOwnFeed() async throws {
        try await withTestApp { client, app in
            // given: a specialist linked to one staff record
            let studio = try await Self.studio(client, app)
            let specialist = try await Fixtures.user(in: app.database, tenant: studio.tenant, role: .specialist)
            let token = try await Fixtures.bearer(in: app.database, for: specialist)
            let own = try await client.call(
                .post, "/api/v1/staff", as: .bearer(studio.token), json: #"{"name":"Spec","userId":"\#(specialist.id)"}"#
            ).decoded(IdBody.self)
            // when
            let mine = try await client.call(.post, "/api/v1/staff/\(own.id)/calendar-feed", as: .bearer(token))
            let theirs = try await client.call(.post, "/api/v1/staff/\(studio.staffId)/calendar-feed", as: .bearer(token))
            // then
            #expect(mine.status == .created)
            #expect(theirs.status == .forbidden && theirs.errorCode == "permission_denied")
        }
    }
}
