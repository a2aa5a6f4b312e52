import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// The public storefront API (issue 18, part 1): a client sees the studio, books an offered start
/// as themselves and manages the booking behind the signed link. `testNow` is Monday 2026-06-01
/// 10:00 in London; the booking studio's Anna performs the 2500.00 cut.
@Suite struct StorefrontTests {
    struct Booked: Decodable {
        struct Appointment: Decodable {
            let id: String
            let status: String
            let startsAt: String
            let serviceName: String
            let staffName: String
            let price: String
            let depositAmount: String?
        }
        let appointment: Appointment
        let payUrl: String?
        let manageToken: String
        let manageUrl: String
    }

    struct Managed: Decodable {
        let appointment: Booked.Appointment
        let canCancel: Bool
        let canReschedule: Bool
        let cancellationFee: String?
    }

    static func book(
        _ client: some TestClientProtocol, slug: String, _ json: String, key: String = UUID().uuidString
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/public/\(slug)/book", method: .post, headers: [.contentType: "application/json", .idempotencyKey: key],
            body: ByteBuffer(string: json))
    }

    static func bookingJSON(_ world: StudioWorld, at start: String = "2026-06-02T10:00:00", phone: String = "+44 7700 900123", extra: String = "")
        -> String
    {
        #"{"serviceId":"\#(world.serviceId)","staffId":"any","startsAt":"\#(start)","name":"Olivia Online","phone":"\#(phone)","email":"olivia@example.com","consents":["data_processing","marketing_sms"]\#(extra)}"#
    }

    static func appointmentCount(_ app: TestApp, _ world: StudioWorld) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM appointments WHERE tenant_id = \(bind: world.tenantId)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }

    @Test func aClientSeesTheStudioBooksAnOfferedStartOnceAndCancelsIt() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let card = try await client.call(.get, "/api/v1/public/\(world.slug)")
            #expect(card.status == .ok && card.text.contains(#""timezone":"Europe\/London""#) || card.text.contains(#""timezone":"Europe/London""#))
            let services = try await client.call(.get, "/api/v1/public/\(world.slug)/services")
            #expect(services.text.contains(world.serviceId) && services.text.contains("Cut"))
            let staff = try await client.call(.get, "/api/v1/public/\(world.slug)/services/\(world.serviceId)/staff")
            #expect(staff.text.contains(world.staffId) && staff.text.contains("Anna"))
            let slots = try await client.call(.get, "/api/v1/public/\(world.slug)/slots?serviceId=\(world.serviceId)&from=2026-06-02&days=1")
            #expect(slots.status == .ok && slots.text.contains("2026-06-02T10:00:00+01:00"), "\(slots.text.prefix(300))")
            // when: the client books, and the browser retries the same submit
            let key = UUID().uuidString
            let first = try await Self.book(client, slug: world.slug, Self.bookingJSON(world), key: key)
            let retry = try await Self.book(client, slug: world.slug, Self.bookingJSON(world), key: key)
            // then: one booking, by the client, with a link to manage it
            #expect(first.status == .created, "\(first.text)")
            let booked = try first.decoded(Booked.self)
            #expect(try retry.decoded(Booked.self).appointment.id == booked.appointment.id)
            #expect(try await Self.appointmentCount(app, world) == 1)
            #expect(booked.appointment.status == "pending" && booked.appointment.serviceName == "Cut" && booked.appointment.staffName == "Anna")
            #expect(booked.appointment.startsAt == "2026-06-02T10:00:00+01:00" && booked.payUrl == nil)
            #expect(booked.manageUrl.hasSuffix("/book/\(world.slug)/manage/\(booked.manageToken)"))
            struct Actor: Decodable { let actorType: String }
            let actors = try await app.database.sql.raw(
                "SELECT actor_type FROM audit_log WHERE tenant_id = \(bind: world.tenantId) AND action = 'appointment.created'"
            ).all(decoding: Actor.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(actors.map(\.actorType) == ["client"])
            // and the person is a client of the studio now, with the consents they gave online
            struct Consent: Decodable { let kind: String; let source: String }
            let consents = try await app.database.sql.raw(
                "SELECT kind, source FROM client_consents WHERE tenant_id = \(bind: world.tenantId) ORDER BY kind"
            ).all(decoding: Consent.self)
            #expect(consents.map(\.kind) == ["data_processing", "marketing_sms"] && consents.allSatisfy { $0.source == "online_booking" })
            // when: the link is opened and the booking cancelled (24 hours ahead: no fee)
            let view = try await client.call(.get, "/api/v1/public/\(world.slug)/manage/\(booked.manageToken)").decoded(Managed.self)
            #expect(view.canCancel && view.canReschedule && view.cancellationFee == nil)
            let cancelled = try await client.call(.post, "/api/v1/public/\(world.slug)/manage/\(booked.manageToken)/cancel")
            // then
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let after = try cancelled.decoded(Managed.self)
            #expect(after.appointment.status == "cancelled" && !after.canCancel)
        }
    }

    @Test func aLateCancellationNamesItsFeeBeforeItHappens() async throws {
        try await withTestApp { client, app in
            // given: a 48-hour window with a 500.00 fee, a booking tomorrow
            let world = try await StudioWorld.booking(client, app)
            _ = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"windowHours":48,"feeKind":"fixed","feeAmount":"500.00"}"#)
            let booked = try await Self.book(client, slug: world.slug, Self.bookingJSON(world, at: "2026-06-02T11:00:00")).decoded(Booked.self)
            let path = "/api/v1/public/\(world.slug)/manage/\(booked.manageToken)"
            #expect(try await client.call(.get, path).decoded(Managed.self).cancellationFee == "500.00")
            // when: cancelled without accepting the fee
            let refused = try await client.call(.post, "\(path)/cancel")
            // then: the fee is named and nothing changed
            #expect(refused.status == .conflict && refused.errorCode == "cancellation_fee_applies")
            #expect(refused.errorBody?.details?["fee"] == .string("500.00"))
            #expect(try await client.call(.get, path).decoded(Managed.self).appointment.status == "pending")
            // when: accepted
            let accepted = try await client.call(.post, "\(path)/cancel", json: #"{"acceptFee":true}"#)
            #expect(try accepted.decoded(Managed.self).appointment.status == "cancelled")
        }
    }

    @Test func aBookingMovesOnlyToAnOfferedStart() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.booking(client, app)
            let booked = try await Self.book(client, slug: world.slug, Self.bookingJSON(world)).decoded(Booked.self)
            let path = "/api/v1/public/\(world.slug)/manage/\(booked.manageToken)/reschedule"
            // when
            let night = try await client.call(.post, path, json: #"{"startsAt":"2026-06-02T03:00:00"}"#)
            let moved = try await client.call(.post, path, json: #"{"startsAt":"2026-06-02T13:00:00"}"#)
            // then
            #expect(night.status == .badRequest && night.errorBody?.fields?["startsAt"] == "not_offered")
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(try moved.decoded(Managed.self).appointment.startsAt == "2026-06-02T13:00:00+01:00")
        }
    }

    @Test func aDueDepositAnswersItsPayLinkAndAKnownPhoneFindsTheClient() async throws {
        try await withPayments { client, app, _, _ in
            // given: everyone pays 30 %, and Maria is already a client
            let world = try await DepositTests.world(client, app)
            let maria = try await world.addClient(NewClient(name: "Maria Known", phone: "+44 7700 900555"))
            // when: she books online, her number written another way
            let response = try await Self.book(client, slug: world.slug, Self.bookingJSON(world, phone: "07700 900555"))
            // then
            #expect(response.status == .created, "\(response.text)")
            let booked = try response.decoded(Booked.self)
            #expect(booked.appointment.status == "deposit_required" && booked.appointment.depositAmount == "750.00")
            #expect(booked.payUrl?.contains("/api/v1/public/\(world.slug)/pay/") == true)
            struct Owner: Decodable { let clientId: String }
            let seen = try await client.call(.get, "/api/v1/appointments/\(booked.appointment.id)", as: .bearer(world.token)).decoded(Owner.self)
            #expect(seen.clientId == maria, "matched by the normalized phone, not a second client")
        }
    }

    @Test func checksThatFailWriteNothingAndOtherStudiosSeeNothing() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let stranger = try await StudioWorld.booking(client, app)
            // when: a program fills the hidden field, consent is missing, the start is not offered, no key
            let honeypot = try await Self.book(client, slug: world.slug, Self.bookingJSON(world, extra: #","website":"http://spam""#))
            let noConsent = try await Self.book(
                client, slug: world.slug,
                #"{"serviceId":"\#(world.serviceId)","startsAt":"2026-06-02T10:00:00","name":"A","phone":"+44 7700 900124","consents":["marketing_sms"]}"#)
            let notOffered = try await Self.book(client, slug: world.slug, Self.bookingJSON(world, at: "2026-06-02T04:00:00"))
            let noKey = try await client.call(.post, "/api/v1/public/\(world.slug)/book", json: Self.bookingJSON(world))
            // then
            #expect(honeypot.status == .badRequest && honeypot.errorBody?.fields?["website"] == "must_be_empty", "\(honeypot.text)")
            #expect(noConsent.errorBody?.fields?["consents"] == "data_processing_required")
            #expect(notOffered.errorBody?.fields?["startsAt"] == "not_offered")
            #expect(noKey.status == .badRequest && noKey.errorCode == "idempotency_key_required")
            #expect(try await Self.appointmentCount(app, world) == 0)
            let people = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM clients WHERE tenant_id = \(bind: world.tenantId)").first()?
                .decode(column: "n", as: Int.self)
            #expect(people == 1, "only the world's own client")
            // and another studio's slug never reaches this studio's service, staff or booking
            let booked = try await Self.book(client, slug: world.slug, Self.bookingJSON(world)).decoded(Booked.self)
            let foreignService = try await client.call(.get, "/api/v1/public/\(stranger.slug)/services/\(world.serviceId)/staff")
            let foreignToken = try await client.call(.get, "/api/v1/public/\(stranger.slug)/manage/\(booked.manageToken)")
            let forged = try await client.call(.get, "/api/v1/public/\(world.slug)/manage/\(booked.appointment.id).AAAA")
            let unknown = try await client.call(.get, "/api/v1/public/no-such-studio")
            #expect(foreignService.status == .notFound && foreignToken.status == .notFound && forged.status == .notFound && unknown.status == .notFound)
        }
    }
}
