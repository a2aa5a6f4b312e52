import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Providers
import SQLKit
import Testing
import TestSupport

/// The race of SPEC §4's promise: public bookings and an offer's accept for the same held time.
@Suite struct WaitlistOfferRaceTests {
    @Test func fiftyPublicBookingsRacingAnAcceptNeverMakeTwoAppointments() async throws {
        let sms = ScriptedSender(provider: "fake-sms", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given Olga's offer holding tomorrow 15:00
            let (studio, token) = try await Self.heldOffer(client, app, sms)
            let world = studio.world
            // when 50 people book 15:00 on the public page while Olga accepts
            let answers = try await Self.race(client, world) { try await WaitlistOffersTests.answer(client, world, token, "accept") }
            // then Olga is booked, every public booking is refused (the held time is not offered, or taken),
            // and one appointment holds the time
            #expect(answers.answer.status == .ok, "\(answers.answer.text) \(answers.bookings)")
            #expect(answers.bookings.allSatisfy { $0.code == "slot_taken" || $0.fields == ["startsAt": "not_offered"] }, "\(answers.bookings)")
            #expect(try await WaitlistOffersTests.holding(app, world, at: WaitlistOffersTests.freedStart) == 1)
            let chain = try await WaitlistOffersTests.chain(client, world, of: studio.booked.id)
            #expect(chain.map(\.status) == ["accepted"])
            #expect(try await WaitlistOffersTests.appointment(client, world, chain[0].appointmentId).status == "confirmed")
        }
    }
}

extension WaitlistOfferRaceTests {
    struct Refusal: Sendable, CustomStringConvertible {
        let status: Int
        let code: String?
        let fields: [String: String]?
        var description: String { "\(status) \(code ?? "-") \(fields ?? [:])" }
    }

    /// Maria's 15:00 cancelled: the time held for Olga; her offer's token (from the SMS sent).
    static func heldOffer(_ client: some TestClientProtocol, _ app: TestApp, _ sms: ScriptedSender) async throws
        -> (WaitlistOffersTests.Studio, String)
    {
        let studio = try await WaitlistOffersTests.studio(client, app)
        _ = try await client.call(.post, "/api/v1/appointments/\(studio.booked.id)/cancel", as: .bearer(studio.world.token))
        try await WaitlistOffersTests.work(app)
        return (studio, try #require(WaitlistOffersTests.tokens(sms, slug: studio.world.slug).first))
    }

    /// 50 public bookings of tomorrow 15:00 (each its own person) at once with `answer`.
    static func race(_ client: some TestClientProtocol, _ world: StudioWorld, answer: @escaping @Sendable () async throws -> TestResponse)
        async throws -> (answer: TestResponse, bookings: [Refusal])
    {
        try await withThrowingTaskGroup(of: (TestResponse?, Refusal?).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let phone = String(format: "+44 7700 91%04d", index)
                    let response = try await StorefrontTests.book(
                        client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-02T15:00:00", phone: phone))
                    return (nil, Refusal(status: Int(response.status.code), code: response.errorCode, fields: response.errorBody?.fields))
                }
            }
            group.addTask { (try await answer(), nil) }
            var answered: TestResponse?
            var bookings: [Refusal] = []
            for try await (response, refusal) in group {
                if let response { answered = response }
                if let refusal { bookings.append(refusal) }
            }
            return (answered!, bookings)
        }
    }

    @Test func fiftyPublicBookingsRacingADeclineLeaveOneAppointmentAtTheTime() async throws {
        let sms = ScriptedSender(provider: "fake-sms", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given Olga's offer holding tomorrow 15:00, Vera next on the list
            let (studio, token) = try await Self.heldOffer(client, app, sms)
            let world = studio.world
            // when Olga declines while 50 people book 15:00, and then the next offer is made
            let answers = try await Self.race(client, world) { try await WaitlistOffersTests.answer(client, world, token, "decline") }
            try await WaitlistOffersTests.work(app)
            // then the time is held once: by a public booking that won it, or by Vera's offer when none did
            #expect(answers.answer.status == .ok)
            let won = answers.bookings.filter { $0.status == 201 }.count
            #expect(won <= 1, "\(answers.bookings)")
            #expect(try await WaitlistOffersTests.holding(app, world, at: WaitlistOffersTests.freedStart) == 1)
            let chain = try await WaitlistOffersTests.chain(client, world, of: studio.booked.id)
            #expect(chain.map(\.status) == (won == 1 ? ["declined"] : ["declined", "offered"]))
        }
    }
}

extension CrossTenantProbes {
    /// A's offer chain (an offer row holding A's appointment): B reads it through none of A's ids.
    static let waitlistOffers = CrossTenantProbe(
        name: "waitlist offers",
        fixture: { world, app in
            let rows = try await AppointmentProbeData.rows(world, app)
            let entry = try await world.client.call(
                .post, "/api/v1/waitlist", as: .bearer(world.token), json: #"{"clientId":"\#(rows.client)","serviceId":"\#(rows.service.id)"}"#)
            struct Created: Decodable { let id: String }
            let entryId = try entry.decoded(Created.self).id
            let start = AppointmentProbeData.start
            try await app.database.sql.raw(
                """
                INSERT INTO waitlist_offers (tenant_id, id, chain_id, entry_id, client_id, appointment_id, source_appointment_id, staff_id,
                    freed_starts_at, freed_ends_at, offer_rank, score, status, token_hash, channel, expires_at, created_at, updated_at)
                VALUES (\(bind: world.tenantId), \(bind: UUID()), \(bind: UUID()), \(bind: UUID(uuidString: entryId)!), \(bind: rows.client),
                    \(bind: rows.appointment.id), \(bind: UUID()), \(bind: rows.staff.id), \(bind: start), \(bind: start.addingTimeInterval(1800)),
                    1, 20, 'offered', \(bind: UUID().uuidString), NULL, \(bind: testNow.addingTimeInterval(1800)), \(bind: testNow), \(bind: testNow))
                """
            ).run()
            return ["id": rows.appointment.id.description]
        },
        routes: [.init(.get, "/api/v1/appointments/{id}/waitlist-offers")],
        lists: [],
        intact: { world, _, parameters in
            let own = try await world.client.call(.get, "/api/v1/appointments/\(parameters["id"] ?? "")/waitlist-offers", as: .bearer(world.token))
            return try own.decoded(OfferChain.self).items.map(\.status) == ["offered"]
        })
}
