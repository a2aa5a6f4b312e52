import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Providers
import SQLKit
import Testing
import TestSupport

struct OfferChain: Decodable {
    struct Offer: Decodable {
        let id: String
        let rank: Int
        let score: Int
        let status: String
        let entryId: String
        let clientName: String?
        let appointmentId: String
        let sourceAppointmentId: String
        let freedStartsAt: String
        let expiresAt: String
    }
    let items: [Offer]
}

struct PublicOffer: Decodable {
    let status: String
    let serviceName: String
    let staffName: String
    let startsAt: String
    let expiresAt: String
    let manageUrl: String?
}

/// Automatic offers of a freed time (`calendar.autofill`, SPEC §5): the time held for the best
/// waiting client, offered by her channel, moved down the list on decline or expiry, booked on accept.
@Suite struct WaitlistOffersTests {
    /// A studio with autofill on (30-minute offers), Olga (priority 5) and Vera (priority 2)
    /// waiting for the service by SMS, and Maria's booking tomorrow at 15:00.
    struct Studio {
        let world: StudioWorld
        let olga: WaitlistBody
        let vera: WaitlistBody
        let booked: AppointmentBody
    }

    static func studio(_ client: some TestClientProtocol, _ app: TestApp, autofill: Bool = true) async throws -> Studio {
        let world = try await StudioWorld.booking(client, app)
        let settings = try await client.call(
            .put, "/api/v1/settings/waitlist", as: .bearer(world.token), json: #"{"autofill":\#(autofill),"offerMinutes":30}"#)
        #expect(settings.status == .ok, "\(settings.text)")
        let olgaId = try await world.addClient(NewClient(name: "Olga Waiting", phone: "+44 7700 900001"))
        let veraId = try await world.addClient(NewClient(name: "Vera Waiting", phone: "+44 7700 900002"))
        let olga = try await WaitlistTests.add(
            client, world, #"{"clientId":"\#(olgaId)","serviceId":"\#(world.serviceId)","priority":5,"channel":"sms"}"#)
        let vera = try await WaitlistTests.add(
            client, world, #"{"clientId":"\#(veraId)","serviceId":"\#(world.serviceId)","priority":2,"channel":"sms"}"#)
        let booked = try await world.book(client, at: "15:00")
        return Studio(world: world, olga: olga, vera: vera, booked: booked)
    }

    /// The outbox published and every due job run (as the workers would).
    static func work(_ app: TestApp) async throws {
        while try await app.jobs.outbox.publishBatch(now: app.clock.now()) > 0 {}
        try await runDueJobs(app)
    }

    static func chain(_ client: some TestClientProtocol, _ world: StudioWorld, of appointment: String) async throws -> [OfferChain.Offer] {
        let response = try await client.call(.get, "/api/v1/appointments/\(appointment)/waitlist-offers", as: .bearer(world.token))
        #expect(response.status == .ok, "\(response.text)")
        return try response.decoded(OfferChain.self).items
    }

    /// The offer tokens in the texts sent, in order.
    static func tokens(_ sms: ScriptedSender, slug: String) -> [String] {
        sms.sent.compactMap { message in
            guard let range = message.text.range(of: "/book/\(slug)/offer/") else { return nil }
            return String(message.text[range.upperBound...].prefix { !$0.isWhitespace })
        }
    }

    static func answer(_ client: some TestClientProtocol, _ world: StudioWorld, _ token: String, _ verb: String) async throws -> TestResponse {
        try await client.call(.post, "/api/v1/public/\(world.slug)/offers/\(token)/\(verb)")
    }

    static func appointment(_ client: some TestClientProtocol, _ world: StudioWorld, _ id: String) async throws -> AppointmentBody {
        try await client.call(.get, "/api/v1/appointments/\(id)", as: .bearer(world.token)).decoded(AppointmentBody.self)
    }

    /// Appointments of the studio that hold time (pending … in progress) starting at `start` (UTC).
    static func holding(_ app: TestApp, _ world: StudioWorld, at start: Date) async throws -> Int {
        try await app.database.sql.raw(
            """
            SELECT COUNT(*) AS n FROM appointments WHERE tenant_id = \(bind: world.tenantId) AND starts_at = \(bind: start)
            AND status IN ('pending', 'deposit_required', 'confirmed', 'in_progress')
            """
        ).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    /// 2026-06-02 15:00 in London (+01:00).
    static let freedStart = Date(timeIntervalSince1970: 1_780_408_800)

    @Test func anOfferExpiresMovesToTheNextCandidateWhoAcceptsAndIsBooked() async throws {
        let sms = ScriptedSender(provider: "fake-sms", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given
            let studio = try await Self.studio(client, app)
            let world = studio.world
            // when Maria cancels her 15:00 booking
            let cancelled = try await client.call(.post, "/api/v1/appointments/\(studio.booked.id)/cancel", as: .bearer(world.token))
            #expect(cancelled.status == .ok)
            try await Self.work(app)
            // then the time is held for Olga (the best candidate), pending, and offered to her by SMS
            let first = try await Self.chain(client, world, of: studio.booked.id)
            #expect(first.map(\.entryId) == [studio.olga.id] && first.map(\.status) == ["offered"] && first[0].rank == 1)
            #expect(first[0].expiresAt == "2026-06-01T10:30:00+01:00" && first[0].freedStartsAt == "2026-06-02T15:00:00+01:00")
            let hold = try await Self.appointment(client, world, first[0].appointmentId)
            #expect(hold.status == "pending" && hold.source == "waitlist" && hold.startsAt == "2026-06-02T15:00:00+01:00")
            let olga = try await client.call(.get, "/api/v1/waitlist/\(studio.olga.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(olga.status == "offered")
            let olgaToken = try #require(Self.tokens(sms, slug: world.slug).first)
            #expect(sms.sent.first?.recipient == .phone("+447700900001"))
            // (nobody else is offered the held time)
            let slots = try await client.call(.get, "/api/v1/public/\(world.slug)/slots?serviceId=\(world.serviceId)&from=2026-06-02&days=1")
            #expect(slots.status == .ok && !slots.text.contains("2026-06-02T15:00:00+01:00") && slots.text.contains("2026-06-02T10:00:00+01:00"))
            let page = try await client.call(.get, "/api/v1/public/\(world.slug)/offers/\(olgaToken)").decoded(PublicOffer.self)
            #expect(page.status == "offered" && page.serviceName == "Cut" && page.staffName == "Anna" && page.manageUrl == nil)
            // when her 30 minutes pass without an answer and the expiry job runs
            app.clock.advance(by: 29 * 60)
            try await Self.work(app)
            #expect(try await Self.chain(client, world, of: studio.booked.id).map(\.status) == ["offered"])
            app.clock.advance(by: 2 * 60)
            try await Self.work(app)
            // then her hold is let go, she waits again, and Vera is offered the time
            let second = try await Self.chain(client, world, of: studio.booked.id)
            #expect(second.map(\.status) == ["expired", "offered"] && second.map(\.entryId) == [studio.olga.id, studio.vera.id])
            #expect(second.map(\.rank) == [1, 2])
            #expect(try await Self.appointment(client, world, first[0].appointmentId).status == "expired")
            let again = try await client.call(.get, "/api/v1/waitlist/\(studio.olga.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(again.status == "active")
            // when Olga answers late, then it is refused and books nothing
            let late = try await Self.answer(client, world, olgaToken, "accept")
            #expect(late.status == .conflict && late.errorCode == "offer_expired")
            // when Vera accepts through her link
            let tokens = Self.tokens(sms, slug: world.slug)
            #expect(tokens.count == 2)
            let accepted = try await Self.answer(client, world, tokens[1], "accept")
            // then her hold is her confirmed booking, her entry booked, and the chain says so
            #expect(accepted.status == .ok, "\(accepted.text)")
            let answer = try accepted.decoded(PublicOffer.self)
            #expect(answer.status == "accepted" && answer.manageUrl?.contains("/book/\(world.slug)/manage/") == true)
            let booking = try await Self.appointment(client, world, second[1].appointmentId)
            #expect(booking.status == "confirmed" && booking.clientId != studio.booked.clientId)
            let vera = try await client.call(.get, "/api/v1/waitlist/\(studio.vera.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(vera.status == "booked" && vera.appointmentId == second[1].appointmentId)
            #expect(try await Self.chain(client, world, of: second[1].appointmentId).map(\.status) == ["expired", "accepted"])
            #expect(try await Self.holding(app, world, at: Self.freedStart) == 1)
            // (a second tap changes nothing)
            let twice = try await Self.answer(client, world, tokens[1], "decline")
            #expect(twice.status == .conflict && twice.errorCode == "offer_closed")
            #expect(try await Self.appointment(client, world, second[1].appointmentId).status == "confirmed")
            let actions = try await auditActions(app.database, world.tenantId)
            for action in [
                "waitlist_offer.offered", "waitlist_offer.expired", "waitlist_offer.accepted", "waitlist_entry.offered", "waitlist_entry.booked",
            ] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }

    @Test func aDeclineLetsTheTimeGoToTheNextAndALateAcceptBooksNothing() async throws {
        let sms = ScriptedSender(provider: "fake-sms", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given Olga's offer for the freed 15:00
            let studio = try await Self.studio(client, app)
            let world = studio.world
            _ = try await client.call(.post, "/api/v1/appointments/\(studio.booked.id)/cancel", as: .bearer(world.token))
            try await Self.work(app)
            let olgaToken = try #require(Self.tokens(sms, slug: world.slug).first)
            // when she declines
            let declined = try await Self.answer(client, world, olgaToken, "decline")
            let declinedOffer = try declined.decoded(PublicOffer.self)
            #expect(declined.status == .ok && declinedOffer.status == "declined")
            try await Self.work(app)
            // then her hold is cancelled and Vera is offered the time
            let chain = try await Self.chain(client, world, of: studio.booked.id)
            #expect(chain.map(\.status) == ["declined", "offered"] && chain.map(\.entryId) == [studio.olga.id, studio.vera.id])
            #expect(try await Self.appointment(client, world, chain[0].appointmentId).status == "cancelled")
            let veraToken = try #require(Self.tokens(sms, slug: world.slug).last)
            // when Vera's offer has run out but the expiry job has not run yet, her accept is refused
            app.clock.advance(by: 31 * 60)
            let late = try await Self.answer(client, world, veraToken, "accept")
            #expect(late.status == .conflict && late.errorCode == "offer_expired")
            #expect(try await Self.appointment(client, world, chain[1].appointmentId).status == "pending")
            let page = try await client.call(.get, "/api/v1/public/\(world.slug)/offers/\(veraToken)").decoded(PublicOffer.self)
            #expect(page.status == "expired")
            // when the expiry runs, nobody is left: the time is simply free
            try await Self.work(app)
            #expect(try await Self.chain(client, world, of: studio.booked.id).map(\.status) == ["declined", "expired"])
            #expect(try await Self.holding(app, world, at: Self.freedStart) == 0)
            let vera = try await client.call(.get, "/api/v1/waitlist/\(studio.vera.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(vera.status == "active")
            // (a wrong, made-up or another studio's token is 404)
            let other = try await StudioWorld.studio(client, app)
            #expect(try await client.call(.get, "/api/v1/public/\(other.slug)/offers/\(veraToken)").status == .notFound)
            #expect(try await Self.answer(client, other, veraToken, "decline").status == .notFound)
            #expect(try await client.call(.get, "/api/v1/public/\(world.slug)/offers/\(UUID()).forged").status == .notFound)
            #expect(try await Self.answer(client, world, "nonsense", "accept").status == .notFound)
        }
    }

    @Test func aMovedBookingFreesItsOldTimeAndTheDeskCancellingTheHoldWithdrawsTheOffer() async throws {
        let sms = ScriptedSender(provider: "fake-sms", channel: .sms)
        try await withTestApp(senders: ScriptedSenders(sms)) { client, app in
            // given
            let studio = try await Self.studio(client, app)
            let world = studio.world
            // when Maria's 15:00 is moved to 17:00
            let moved = try await client.call(
                .post, "/api/v1/appointments/\(studio.booked.id)/reschedule", as: .bearer(world.token), json: #"{"startsAt":"2026-06-02T17:00:00"}"#)
            #expect(moved.status == .ok, "\(moved.text)")
            try await Self.work(app)
            // then 15:00 is held for Olga
            let chain = try await Self.chain(client, world, of: studio.booked.id)
            #expect(chain.map(\.status) == ["offered"] && chain[0].freedStartsAt == "2026-06-02T15:00:00+01:00")
            // when the desk cancels Olga's hold from the calendar
            let cancelled = try await client.call(.post, "/api/v1/appointments/\(chain[0].appointmentId)/cancel", as: .bearer(world.token))
            #expect(cancelled.status == .ok)
            try await Self.work(app)
            // then the offer is withdrawn, Olga waits again, and nobody else is asked
            #expect(try await Self.chain(client, world, of: studio.booked.id).map(\.status) == ["withdrawn"])
            let olga = try await client.call(.get, "/api/v1/waitlist/\(studio.olga.id)", as: .bearer(world.token)).decoded(WaitlistBody.self)
            #expect(olga.status == "active")
            let token = try #require(Self.tokens(sms, slug: world.slug).first)
            let late = try await Self.answer(client, world, token, "accept")
            #expect(late.status == .conflict && late.errorCode == "offer_closed")
            #expect(try await Self.holding(app, world, at: Self.freedStart) == 0)
        }
    }

    @Test func withoutAutofillOrThePlanNothingIsOffered() async throws {
        try await withTestApp { client, app in
            // given autofill switched off
            let studio = try await Self.studio(client, app, autofill: false)
            let world = studio.world
            // when the booking is cancelled
            _ = try await client.call(.post, "/api/v1/appointments/\(studio.booked.id)/cancel", as: .bearer(world.token))
            try await Self.work(app)
            // then nobody is offered the time
            #expect(try await Self.chain(client, world, of: studio.booked.id).isEmpty)
            #expect(try await Self.holding(app, world, at: Self.freedStart) == 0)
            // and a studio below Imperium reads the setting but cannot switch it on
            let veloria = try await StudioWorld.studio(client, app, plan: .veloria)
            let read = try await client.call(.get, "/api/v1/settings/waitlist", as: .bearer(veloria.token))
            #expect(read.status == .ok && read.text.contains(#""offerMinutes":30"#))
            let change = try await client.call(.put, "/api/v1/settings/waitlist", as: .bearer(veloria.token), json: #"{"autofill":true}"#)
            #expect(change.status == .forbidden && change.errorBody?.details?["feature"] == .string("calendar.autofill"))
            // and an offer lifetime out of bounds is refused field by field
            let bad = try await client.call(.put, "/api/v1/settings/waitlist", as: .bearer(world.token), json: #"{"offerMinutes":2,"x":1}"#)
            #expect(bad.status == .badRequest && bad.errorBody?.fields == ["offerMinutes": "out_of_range", "x": "unknown_field"])
        }
    }
}
