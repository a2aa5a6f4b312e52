import Foundation
import HummingbirdTesting
import Testing
import TestSupport

struct WaitlistBody: Decodable, Sendable {
    let id: String
    let clientId: String
    let clientName: String?
    let serviceName: String?
    let staffId: String?
    let days: [Int]
    let windows: [[String]]
    let expiresOn: String?
    let priority: Int
    let status: String
    let appointmentId: String?
}

struct WaitlistPage: Decodable { let items: [WaitlistBody] }

struct WaitlistMatch: Decodable {
    struct Part: Decodable { let factor: String; let points: Int; let detail: String }
    struct Candidate: Decodable { let entry: WaitlistBody; let score: Int; let parts: [Part] }
    let staffId: String
    let startsAt: String
    let candidates: [Candidate]
}

/// The waitlist (SPEC §5): entries kept by the desk, ranked for a freed time with the parts of
/// each score, booked through the booking path (once), and expired after their last day.
@Suite struct WaitlistTests {
    static func add(_ client: some TestClientProtocol, _ world: StudioWorld, _ json: String) async throws -> WaitlistBody {
        let response = try await client.call(.post, "/api/v1/waitlist", as: .bearer(world.token), json: json)
        #expect(response.status == .created, "\(response.text)")
        return try response.decoded(WaitlistBody.self)
    }

    @Test func entriesAreKeptValidatedFieldByFieldEditedAndCancelled() async throws {
        try await withTestApp { client, app in
            // given a studio with a service, Anna who performs it, and a client
            let world = try await StudioWorld.booking(client, app)
            // when an entry is added for Anna, Tuesdays and Thursdays 10:00–14:00, until 30 June
            let entry = try await Self.add(
                client, world,
                #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)","days":[4,2,2],"windows":[["10:00","14:00"]],"expiresOn":"2026-06-30","priority":4,"channel":"sms","notes":"Любое утро"}"#
            )
            // then it is active, named, with its days sorted once
            #expect(entry.status == "active" && entry.clientName == "Maria Client" && entry.serviceName != nil)
            #expect(entry.days == [2, 4] && entry.windows == [["10:00", "14:00"]] && entry.expiresOn == "2026-06-30" && entry.priority == 4)
            // when the body is wrong in several ways, then every field is named and nothing is written
            let bad = try await client.call(
                .post, "/api/v1/waitlist", as: .bearer(world.token),
                json: #"{"clientId":"\#(world.clientId)","serviceId":"\#(UUID())","days":[8],"windows":[["14:00","10:00"]],"priority":9,"channel":"fax","expiresOn":"2026-05-01"}"#)
            #expect(bad.status == .badRequest)
            #expect(
                bad.errorBody?.fields
                    == ["serviceId": "not_found", "days.0": "invalid", "windows.0": "ends_before_start", "priority": "out_of_range", "channel": "invalid",
                        "expiresOn": "in_past"])
            #expect(try await client.call(.get, "/api/v1/waitlist", as: .bearer(world.token)).decoded(WaitlistPage.self).items.count == 1)
            // when it is edited to any staff member, then staffId is cleared; the client cannot change
            let edited = try await client.call(
                .patch, "/api/v1/waitlist/\(entry.id)", as: .bearer(world.token), json: #"{"staffId":null,"priority":5}"#
            ).decoded(WaitlistBody.self)
            #expect(edited.staffId == nil && edited.priority == 5)
            let moved = try await client.call(.patch, "/api/v1/waitlist/\(entry.id)", as: .bearer(world.token), json: #"{"clientId":"\#(UUID())"}"#)
            #expect(moved.errorBody?.fields == ["clientId": "read_only"])
            // when it is cancelled, then it is closed for changes and listed as cancelled
            let cancelled = try await client.call(.post, "/api/v1/waitlist/\(entry.id)/cancel", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(cancelled.status == "cancelled")
            let again = try await client.call(.patch, "/api/v1/waitlist/\(entry.id)", as: .bearer(world.token), json: #"{"priority":1}"#)
            #expect(again.status == .conflict && again.errorCode == "waitlist_entry_closed")
            let listed = try await client.call(.get, "/api/v1/waitlist?filter[status]=cancelled", as: .bearer(world.token)).decoded(WaitlistPage.self)
            #expect(listed.items.map(\.id) == [entry.id])
            #expect(try await client.call(.get, "/api/v1/waitlist?filter[status]=active", as: .bearer(world.token)).decoded(WaitlistPage.self).items.isEmpty)
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions.contains("waitlist_entry.created") && actions.contains("waitlist_entry.updated") && actions.contains("waitlist_entry.cancelled"))
        }
    }

    @Test func aFreedTimeRanksTheWaitingClientsWithTheirScoresParts() async throws {
        try await withTestApp { client, app in
            // given: Olga (priority 5, Tuesdays 09:00–13:00) and Maria (priority 1, Fridays only) wait for the service;
            // Vera waits for a service Anna does not perform
            let world = try await StudioWorld.booking(client, app)
            let olga = try await world.addClient(NewClient(name: "Olga Waiting"))
            let vera = try await world.addClient(NewClient(name: "Vera Other"))
            let other = try await client.call(
                .post, "/api/v1/services", as: .bearer(world.token),
                json: #"{"category":"Nails","name":"Pedicure","basePrice":"900.00","durationMinutes":45}"#)
            struct Created: Decodable { let id: String }
            let otherService = try other.decoded(Created.self).id
            let maria = try await Self.add(
                client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","days":[5],"priority":1}"#)
            let first = try await Self.add(
                client, world, #"{"clientId":"\#(olga)","serviceId":"\#(world.serviceId)","days":[2],"windows":[["09:00","13:00"]],"priority":5}"#)
            _ = try await Self.add(client, world, #"{"clientId":"\#(vera)","serviceId":"\#(otherService)"}"#)
            // when Anna's Tuesday 10:00–12:00 frees up (2026-06-02 is a Tuesday)
            let match = try await client.call(
                .post, "/api/v1/waitlist/match", as: .bearer(world.token),
                json: #"{"staffId":"\#(world.staffId)","startsAt":"2026-06-02T10:00:00","endsAt":"2026-06-02T12:00:00"}"#
            ).decoded(WaitlistMatch.self)
            // then Olga comes first, Vera (another service) is not a candidate, and each score is the sum of its parts
            #expect(match.candidates.map(\.entry.id) == [first.id, maria.id])
            for candidate in match.candidates { #expect(candidate.score == candidate.parts.map(\.points).reduce(0, +)) }
            let olgaParts = Dictionary(uniqueKeysWithValues: match.candidates[0].parts.map { ($0.factor, $0.points) })
            #expect(olgaParts == ["priority": 20, "waited": 0, "window": 25, "client_value": 0, "no_show_risk": 0])
            let mariaParts = Dictionary(uniqueKeysWithValues: match.candidates[1].parts.map { ($0.factor, $0.points) })
            #expect(mariaParts["window"] == 0 && mariaParts["priority"] == 0)
            // when the freed time is too short for the service (30 minutes), nobody is offered it
            let short = try await client.call(
                .post, "/api/v1/waitlist/match", as: .bearer(world.token),
                json: #"{"staffId":"\#(world.staffId)","startsAt":"2026-06-02T10:00:00","endsAt":"2026-06-02T10:30:00"}"#
            ).decoded(WaitlistMatch.self)
            #expect(short.candidates.isEmpty)
            // when the match names a cancelled appointment, its time is the interval
            let booked = try await world.book(client, at: "15:00")
            _ = try await client.call(.post, "/api/v1/appointments/\(booked.id)/cancel", as: .bearer(world.token))
            let freed = try await client.call(.post, "/api/v1/waitlist/match", as: .bearer(world.token), json: #"{"appointmentId":"\#(booked.id)"}"#)
                .decoded(WaitlistMatch.self)
            #expect(freed.startsAt.hasPrefix("2026-06-02T15:00") && freed.candidates.map(\.entry.id) == [first.id, maria.id])
            // (15:00 is outside Olga's hours: the day suits, the hours do not)
            #expect(freed.candidates[0].parts.first { $0.factor == "window" }?.points == 5)
        }
    }

    @Test func bookingFromAnEntryMakesOneAppointmentEvenWhenTappedTwice() async throws {
        try await withTestApp { client, app in
            // given an entry for any staff member
            let world = try await StudioWorld.booking(client, app)
            let entry = try await Self.add(client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)"}"#)
            // when it is booked without a staff member, then that is required
            let noStaff = try await client.call(
                .post, "/api/v1/waitlist/\(entry.id)/book", as: .bearer(world.token), json: #"{"startsAt":"2026-06-02T11:00:00"}"#)
            #expect(noStaff.errorBody?.fields == ["staffId": "required"])
            // when two desks book it at once (at different times)
            async let first = client.call(
                .post, "/api/v1/waitlist/\(entry.id)/book", as: .bearer(world.token),
                json: #"{"startsAt":"2026-06-02T11:00:00","staffId":"\#(world.staffId)"}"#)
            async let second = client.call(
                .post, "/api/v1/waitlist/\(entry.id)/book", as: .bearer(world.token),
                json: #"{"startsAt":"2026-06-02T14:00:00","staffId":"\#(world.staffId)"}"#)
            let answers = try await [first, second]
            // then exactly one booked; the other is refused and left nothing behind
            #expect(answers.map(\.status.code).sorted() == [201, 409])
            #expect(answers.contains { $0.errorCode == "waitlist_entry_closed" })
            let appointments = try await client.call(.get, "/api/v1/appointments?filter[clientId]=\(world.clientId)", as: .bearer(world.token))
                .decoded(SchedulingPage<AppointmentBody>.self).items
            #expect(appointments.count == 1 && appointments[0].source == "waitlist")
            let stored = try await client.call(.get, "/api/v1/waitlist/\(entry.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(stored.status == "booked" && stored.appointmentId == appointments[0].id)
        }
    }

    @Test func anEntryExpiresAfterItsLastDay() async throws {
        try await withTestApp { client, app in
            // given an entry whose last day is tomorrow (studio time)
            let world = try await StudioWorld.booking(client, app)
            let entry = try await Self.add(
                client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","expiresOn":"2026-06-02"}"#)
            // when the day after it begins
            app.clock.advance(by: 2 * 86_400)
            // then it reads as expired, is no candidate, and cannot be booked
            let stored = try await client.call(.get, "/api/v1/waitlist/\(entry.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(stored.status == "expired")
            let book = try await client.call(
                .post, "/api/v1/waitlist/\(entry.id)/book", as: .bearer(world.token),
                json: #"{"startsAt":"2026-06-05T11:00:00","staffId":"\#(world.staffId)"}"#)
            #expect(book.errorCode == "waitlist_entry_closed")
            #expect(try await auditActions(app.database, world.tenant.id).contains("waitlist_entry.expired"))
        }
    }
}

extension CrossTenantProbes {
    /// A's waitlist entry: B can neither read, list, change, cancel nor book it.
    static let waitlist = CrossTenantProbe(
        name: "waitlist",
        fixture: { world, app in
            let clientId = try await CrossTenantProbes.insertClient(world, app, name: "Waiting Client")
            let service = try await world.client.call(
                .post, "/api/v1/services", as: .bearer(world.token),
                json: #"{"category":"Hair","name":"Cut","basePrice":"100.00","durationMinutes":60}"#)
            struct Created: Decodable { let id: String }
            let serviceId = try service.decoded(Created.self).id
            let entry = try await world.client.call(
                .post, "/api/v1/waitlist", as: .bearer(world.token), json: #"{"clientId":"\#(clientId)","serviceId":"\#(serviceId)","priority":2}"#)
            return ["id": try entry.decoded(Created.self).id]
        },
        routes: [
            .init(.get, "/api/v1/waitlist/{id}"),
            .init(.patch, "/api/v1/waitlist/{id}", json: #"{"priority":5}"#),
            .init(.post, "/api/v1/waitlist/{id}/cancel"),
            .init(.post, "/api/v1/waitlist/{id}/book", json: #"{"startsAt":"2026-06-02T10:00:00","staffId":"\#(UUID())"}"#),
        ],
        lists: [.init(path: "/api/v1/waitlist") { try $0.decoded(WaitlistPage.self).items.map(\.id) }],
        intact: { world, app, parameters in
            let stored = try await world.client.call(.get, "/api/v1/waitlist/\(parameters["id"] ?? "")", as: .bearer(world.token))
                .decoded(WaitlistBody.self)
            return stored.status == "active" && stored.priority == 2
        })
}

/// Specialists see and change only the waitlist entries naming their own staff record (SPEC §1).
@Suite struct WaitlistScopeTests {
    @Test func aSpecialistSeesOnlyTheEntriesNamingHer() async throws {
        try await withTestApp { client, app in
            // given: entries for Anna, for any staff member, and for Sofia (a specialist's staff record)
            let world = try await StudioWorld.booking(client, app)
            let (user, token) = try await world.member(.specialist)
            let sofia = try await world.addStaff("Sofia", performs: [world.serviceId], userId: user.id.description)
            let annas = try await WaitlistTests.add(
                client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)"}"#)
            let anyones = try await WaitlistTests.add(client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)"}"#)
            let sofias = try await WaitlistTests.add(
                client, world, #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(sofia)"}"#)
            // when she lists, reads and changes
            let list = try await client.call(.get, "/api/v1/waitlist", as: .bearer(token)).decoded(WaitlistPage.self)
            let readAnnas = try await client.call(.get, "/api/v1/waitlist/\(annas.id)", as: .bearer(token))
            let cancelAnyones = try await client.call(.post, "/api/v1/waitlist/\(anyones.id)/cancel", as: .bearer(token))
            let addForAnna = try await client.call(
                .post, "/api/v1/waitlist", as: .bearer(token),
                json: #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)"}"#)
            let ownPriority = try await client.call(.patch, "/api/v1/waitlist/\(sofias.id)", as: .bearer(token), json: #"{"priority":5}"#)
            // then only her own entry exists for her
            #expect(list.items.map(\.id) == [sofias.id])
            #expect(readAnnas.status == .notFound && cancelAnyones.status == .notFound)
            // (the client is not hers either: she has no visit with Sofia)
            #expect(addForAnna.errorBody?.fields?["staffId"] == "not_found")
            #expect(ownPriority.status == .ok)
            let stored = try await client.call(.get, "/api/v1/waitlist/\(anyones.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(stored.status == "active")
        }
    }
}
