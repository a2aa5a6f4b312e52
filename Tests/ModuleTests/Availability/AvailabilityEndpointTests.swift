import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

struct SlotsBody: Decodable {
    struct Day: Decodable {
        let date: String
        let starts: [String]
    }

    struct Staff: Decodable {
        let staffId: String
        let days: [Day]
    }

    let serviceId: String
    let timeZone: String
    let durationMinutes: Int
    let breakMinutes: Int
    let slotMinutes: Int
    let staff: [Staff]
}

struct ExplanationBody: Decodable {
    struct Reason: Decodable {
        let code: String
        let reason: String?
        let owner: String?
    }

    let at: String?
    let offered: Bool
    let reasons: [Reason]
}

/// The availability tests' helpers (the studio: `StudioWorld.availability`).
extension StudioWorld {
    /// A staff member working `hours` every day, performing the service unless `performs` is false.
    func staff(_ client: some TestClientProtocol, name: String = "Anna", hours: [[String]] = [["10:00", "13:00"]], performs: Bool = true)
        async throws -> String
    {
        try await addStaff(name, hours: hours, performs: performs ? nil : [])
    }

    func slots(_ client: some TestClientProtocol, _ query: String, token: String? = nil) async throws -> TestResponse {
        try await client.call(.get, "/api/v1/availability/slots?serviceId=\(serviceId)&\(query)", as: .bearer(token ?? self.token))
    }

    func explain(_ client: some TestClientProtocol, staff: String, at: String) async throws -> ExplanationBody {
        let response = try await client.call(
            .get, "/api/v1/availability/explain?serviceId=\(serviceId)&staffId=\(staff)&at=\(at.replacingOccurrences(of: "+", with: "%2B"))",
            as: .bearer(token))
        #expect(response.status == .ok, "\(response.text)")
        return try response.decoded(ExplanationBody.self)
    }
}

struct IdBody: Decodable {
    let id: String
}

@Suite struct AvailabilityEndpointTests {
    @Test func slotsOfOneStaffMemberAreLocalTimesWithOffsetsPerDay() async throws {
        try await withTestApp { client, app in
            // given: 10:00–13:00 every day, a 50 + 5 minute service (one hour on the grid)
            let world = try await StudioWorld.availability(client, app, minutes: 50, breakMinutes: 5)
            let anna = try await world.staff(client)
            // when
            let response = try await world.slots(client, "staffId=\(anna)&from=2026-06-01&to=2026-06-02")
            // then: today only from now (10:00 BST) on
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.decoded(SlotsBody.self)
            #expect(body.timeZone == "Europe/London" && body.slotMinutes == 60 && body.durationMinutes == 50 && body.breakMinutes == 5)
            #expect(body.staff.map(\.staffId) == [anna])
            let days = try #require(body.staff.first?.days)
            #expect(days.map(\.date) == ["2026-06-01", "2026-06-02"])
            let expected = ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45", "12:00"]
            #expect(days[1].starts == expected.map { "2026-06-02T\($0):00+01:00" })
            #expect(days[0].starts == days[1].starts.map { $0.replacingOccurrences(of: "06-02", with: "06-01") })
        }
    }

    @Test func anyStaffMeansEveryActiveStaffMemberWhoPerformsTheService() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client, name: "Anna")
            let bella = try await world.staff(client, name: "Bella", hours: [["15:00", "16:00"]])
            _ = try await world.staff(client, name: "Carla", performs: false)
            let dora = try await world.staff(client, name: "Dora")
            let deactivated = try await client.call(.patch, "/api/v1/staff/\(dora)", as: .bearer(world.token), json: #"{"active":false}"#)
            #expect(deactivated.status == .ok)
            // when
            let body = try await world.slots(client, "from=2026-06-03&to=2026-06-03").decoded(SlotsBody.self)
            // then
            #expect(Set(body.staff.map(\.staffId)) == [anna, bella])
            let bellaDays = body.staff.first { $0.staffId == bella }?.days
            #expect(bellaDays?.map(\.starts) == [["2026-06-03T15:00:00+01:00"]])
        }
    }

    @Test func overridesShowInTheSlotsAndTheExplanation() async throws {
        try await withTestApp { client, app in
            // given: a day off on the 3rd, a block on the 4th
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            let base = "/api/v1/staff/\(anna)/overrides"
            _ = try await client.call(.post, base, as: .bearer(world.token), json: #"{"date":"2026-06-03","kind":"day_off","reason":"Holiday"}"#)
            _ = try await client.call(
                .post, base, as: .bearer(world.token),
                json: #"{"date":"2026-06-04","kind":"blocked","intervals":[["11:00","12:00"]],"reason":"Dentist"}"#)
            // when
            let body = try await world.slots(client, "staffId=\(anna)&from=2026-06-03&to=2026-06-04").decoded(SlotsBody.self)
            let dayOff = try await world.explain(client, staff: anna, at: "2026-06-03T10:00")
            let blocked = try await world.explain(client, staff: anna, at: "2026-06-04T10:30:00+01:00")
            let free = try await world.explain(client, staff: anna, at: "2026-06-04T12:00")
            let late = try await world.explain(client, staff: anna, at: "2026-06-04T12:15")
            // then
            #expect(body.staff.first?.days.map(\.date) == ["2026-06-04"])
            #expect(body.staff.first?.days.first?.starts == ["2026-06-04T10:00:00+01:00", "2026-06-04T12:00:00+01:00"])
            #expect(!dayOff.offered && dayOff.reasons.map(\.code) == ["staff_day_off"] && dayOff.reasons.first?.reason == "Holiday")
            #expect(!blocked.offered && blocked.reasons.map(\.code) == ["override"] && blocked.reasons.first?.reason == "Dentist")
            #expect(free.offered && free.reasons.isEmpty && free.at == "2026-06-04T12:00:00+01:00")
            #expect(!late.offered && late.reasons.map(\.code) == ["outside_staff_hours"])
        }
    }

    @Test func aRoomIsNeededOnlyWhenSomeRoomHostsTheService() async throws {
        try await withTestApp { client, app in
            // given: the only room hosting the service is at another location
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            let before = try await world.slots(client, "staffId=\(anna)&from=2026-06-02&to=2026-06-02").decoded(SlotsBody.self)
            let location = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"Annex"}"#)
                .decoded(IdBody.self)
            let room = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(world.token),
                json: #"{"name":"Room 1","locationId":"\#(location.id)","serviceIds":["\#(world.serviceId)"]}"#)
            #expect(room.status == .created, "\(room.text)")
            // when
            let elsewhere = try await world.slots(client, "staffId=\(anna)&from=2026-06-02&to=2026-06-02").decoded(SlotsBody.self)
            let why = try await world.explain(client, staff: anna, at: "2026-06-02T10:00")
            let here = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(world.token),
                json: #"{"name":"Room 2","locationId":"\#(world.defaultLocationId)","serviceIds":["\#(world.serviceId)"]}"#)
            let withRoom = try await world.slots(client, "staffId=\(anna)&from=2026-06-02&to=2026-06-02").decoded(SlotsBody.self)
            // then
            #expect(before.staff.first?.days.first?.starts.count == 9)
            #expect(elsewhere.staff.first?.days.isEmpty == true)
            #expect(why.reasons.map(\.code) == ["no_room"])
            #expect(here.status == .created)
            #expect(withRoom.staff.first?.days.first?.starts.count == 9)
        }
    }

    @Test func thePastAndBeyondTheSixtyDayHorizonAreNeverOffered() async throws {
        try await withTestApp { client, app in
            // given: today is 2026-06-01, so the last bookable date is 2026-07-30
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            // when
            let body = try await world.slots(client, "staffId=\(anna)&from=2026-05-01&to=2027-01-01").decoded(SlotsBody.self)
            let past = try await world.explain(client, staff: anna, at: "2026-06-01T09:45")
            let beyond = try await world.explain(client, staff: anna, at: "2026-07-31T10:00")
            let lastDay = try await world.explain(client, staff: anna, at: "2026-07-30T10:00")
            // then
            let days = try #require(body.staff.first?.days)
            #expect(days.count == 60 && days.first?.date == "2026-06-01" && days.last?.date == "2026-07-30")
            #expect(days.first?.starts.first == "2026-06-01T10:00:00+01:00")
            #expect(past.reasons.map(\.code).contains("in_the_past"))
            #expect(beyond.reasons.map(\.code) == ["beyond_horizon"])
            #expect(lastDay.offered)
        }
    }

    @Test func oddStartsAreExplainedNotRefused() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            let other = try await world.staff(client, name: "Carla", performs: false)
            // when
            let offGrid = try await world.explain(client, staff: anna, at: "2026-06-02T10:10")
            let notHers = try await world.explain(client, staff: other, at: "2026-06-02T10:00")
            let gap = try await world.explain(client, staff: anna, at: "2027-03-28T01:30")
            // then
            #expect(offGrid.reasons.map(\.code) == ["not_on_grid"])
            #expect(notHers.reasons.map(\.code) == ["staff_does_not_perform_service"])
            #expect(gap.at == nil && gap.reasons.map(\.code).contains("nonexistent_local_time"))
        }
    }

    @Test func badQueriesListEveryProblem() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            // when
            let slots = try await client.call(
                .get, "/api/v1/availability/slots?staffId=nope&from=2026-13-01&to=2026-06-02T25:00", as: .bearer(world.token))
            let reversed = try await world.slots(client, "from=2026-06-05&to=2026-06-02")
            let explain = try await client.call(.get, "/api/v1/availability/explain?serviceId=\(world.serviceId)", as: .bearer(world.token))
            // then
            #expect(slots.status == .badRequest && slots.errorCode == "validation_error")
            #expect(slots.errorBody?.fields == ["serviceId": "required", "staffId": "invalid", "from": "invalid_datetime", "to": "invalid_datetime"])
            #expect(reversed.errorBody?.fields == ["to": "before_from"])
            #expect(explain.errorBody?.fields == ["staffId": "required", "at": "required"])
        }
    }

    @Test func anotherStudiosServiceOrStaffIsNotFoundAndNeverLeaks() async throws {
        try await withTestApp { client, app in
            // given
            let mine = try await StudioWorld.availability(client, app)
            let theirs = try await StudioWorld.availability(client, app)
            let anna = try await mine.staff(client)
            let spy = try await theirs.staff(client)
            // when
            let foreignService = try await client.call(
                .get, "/api/v1/availability/slots?serviceId=\(theirs.serviceId)&from=2026-06-02&to=2026-06-02", as: .bearer(mine.token))
            let foreignStaff = try await mine.slots(client, "staffId=\(spy)&from=2026-06-02&to=2026-06-02")
            let explainForeign = try await client.call(
                .get, "/api/v1/availability/explain?serviceId=\(mine.serviceId)&staffId=\(spy)&at=2026-06-02T10:00", as: .bearer(mine.token))
            let anyStaff = try await mine.slots(client, "from=2026-06-02&to=2026-06-02").decoded(SlotsBody.self)
            // then
            #expect(foreignService.status == .notFound && foreignService.errorCode == "not_found")
            #expect(foreignStaff.status == .notFound)
            #expect(explainForeign.status == .notFound)
            #expect(anyStaff.staff.map(\.staffId) == [anna])
        }
    }

    @Test func specialistsMayAskAboutAnyStaffMember() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            let anna = try await world.staff(client)
            let (_, token) = try await world.member(.specialist)
            // when
            let response = try await world.slots(client, "staffId=\(anna)&from=2026-06-02&to=2026-06-02", token: token)
            // then
            #expect(response.status == .ok)
            #expect(try response.decoded(SlotsBody.self).staff.first?.days.first?.starts.count == 9)
        }
    }
}
