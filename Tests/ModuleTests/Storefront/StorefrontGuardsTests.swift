import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// Issue 18's guards on `POST book`: a stricter budget per address, limits per person (by
/// normalized phone) that hold under concurrent bookings, and SmartCaptcha against a local fake.
/// A refusal writes nothing: no client, consent, appointment or stored idempotent answer.
@Suite struct StorefrontGuardsTests {
    typealias Booked = StorefrontTests.Booked

    static func count(_ app: TestApp, _ table: String, _ world: StudioWorld) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE tenant_id = \(bind: world.tenantId)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }

    /// Appointments, clients and consents of the studio, and every stored idempotent answer.
    static func written(_ app: TestApp, _ world: StudioWorld) async throws -> [Int] {
        let keys = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM idempotency_keys").first()?.decode(column: "n", as: Int.self) ?? -1
        return [
            try await count(app, "appointments", world), try await count(app, "clients", world), try await count(app, "client_consents", world), keys,
        ]
    }

    /// The answer as a JSON object, to tell a null from a missing key.
    static func object(_ response: TestResponse) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [String: Any]) ?? [:]
    }

    static func limits(_ client: some TestClientProtocol, _ world: StudioWorld, daily: Int, upcoming: Int) async throws {
        let put = try await client.call(
            .put, "/api/v1/storefront/settings", as: .bearer(world.token), json: #"{"phoneDailyLimit":\#(daily),"phoneUpcomingLimit":\#(upcoming)}"#)
        #expect(put.status == .ok, "\(put.text)")
    }

    @Test func bookingHasItsOwnBudgetPerAddressAndARefusalWritesNothing() async throws {
        try await withTestApp(config: ["rate.limit.bookings": "2"]) { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            for (day, phone) in [("02", "+44 7700 900201"), ("03", "+44 7700 900202")] {
                let ok = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-\(day)T10:00:00", phone: phone))
                #expect(ok.status == .created, "\(ok.text)")
            }
            let before = try await Self.written(app, world)
            // when: a third booking from the same address within the hour, a new person
            let third = try await StorefrontTests.book(
                client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-04T10:00:00", phone: "+44 7700 900203"))
            // then
            #expect(third.status == .tooManyRequests && third.errorCode == "rate_limited", "\(third.text)")
            let retryAfter = try #require(third.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...3600).contains(retryAfter))
            #expect(try await Self.written(app, world) == before, "no client, consent, appointment or idempotency record")
            // and other public reads are not counted against bookings
            #expect(try await client.call(.get, "/api/v1/public/\(world.slug)").status == .ok)
        }
    }

    @Test func aPhoneHasADailyLimitThatARetryDoesNotReplay() async throws {
        try await withTestApp { client, app in
            // given: two online bookings a day per phone
            let world = try await StudioWorld.booking(client, app)
            try await Self.limits(client, world, daily: 2, upcoming: 10)
            for day in ["02", "03"] {
                let ok = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-\(day)T10:00:00"))
                #expect(ok.status == .created, "\(ok.text)")
            }
            let before = try await Self.written(app, world)
            // when: the same number written another way books a third time
            let key = UUID().uuidString
            let third = try await StorefrontTests.book(
                client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-04T10:00:00", phone: "07700 900123"), key: key)
            // then
            #expect(third.status == .conflict && third.errorCode == "phone_booking_limit", "\(third.text)")
            #expect(third.errorBody?.details?["kind"] == .string("daily") && third.errorBody?.details?["limit"] == .int(2))
            #expect(third.errorBody?.message.contains("2") == true)
            #expect(try await Self.written(app, world) == before, "nothing written, the refusal not stored under its key")
            // when: the studio raises the limit and the page retries with the same key
            try await Self.limits(client, world, daily: 3, upcoming: 10)
            let retry = try await StorefrontTests.book(
                client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-04T10:00:00", phone: "07700 900123"), key: key)
            // then: it books (the refusal was not replayed)
            #expect(retry.status == .created, "\(retry.text)")
            #expect(retry.headers[.idempotentReplayed] == nil)
        }
    }

    @Test func aPhoneHasALimitOfUpcomingBookingsAndACancellationFreesIt() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.booking(client, app)
            try await Self.limits(client, world, daily: 10, upcoming: 1)
            let first = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world)).decoded(Booked.self)
            // when
            let second = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-03T10:00:00"))
            // then
            #expect(second.status == .conflict && second.errorBody?.details?["kind"] == .string("upcoming"), "\(second.text)")
            // when: the first is cancelled from its link
            _ = try await client.call(.post, "/api/v1/public/\(world.slug)/manage/\(first.manageToken)/cancel")
            let again = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-03T10:00:00"))
            // then
            #expect(again.status == .created, "\(again.text)")
        }
    }

    @Test func concurrentBookingsOfOnePersonNeverPassTheLimit() async throws {
        try await withTestApp { client, app in
            // given: one upcoming booking per phone; the person is already a client
            let world = try await StudioWorld.booking(client, app)
            try await Self.limits(client, world, daily: 1, upcoming: 1)
            _ = try await world.addClient(NewClient(name: "Olivia Online", phone: "+44 7700 900123"))
            let consentsBefore = try await Self.count(app, "client_consents", world)
            // when: six bookings of hers at once, each for another day
            let days = ["02", "03", "04", "05", "08", "09"]
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for day in days {
                    group.addTask {
                        try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-\(day)T10:00:00")).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then: exactly one booked, the rest refused
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == days.count - 1, "\(statuses)")
            #expect(try await Self.count(app, "appointments", world) == 1)
            #expect(
                try await Self.count(app, "client_consents", world) == consentsBefore + 2, "only the booking that went through recorded its consents")
        }
    }

    // MARK: SmartCaptcha

    static func enableCaptcha(_ client: some TestClientProtocol, _ world: StudioWorld) async throws -> TestResponse {
        try await client.call(
            .put, "/api/v1/storefront/settings", as: .bearer(world.token),
            json: #"{"captchaEnabled":true,"captchaSiteKey":"ysc1_site","captchaServerKey":"ysc2_server_secret"}"#)
    }

    @Test func theCaptchaIsAskedForCheckedAndItsServerKeyNeverAnswered() async throws {
        try await FakeHTTPServer.run(FakeSmartCaptcha.handler(serverKey: "ysc2_server_secret", tokens: ["token-ok"])) { fake in
            try await withTestApp(providers: ProviderEndpoints(all: fake.baseURL)) { client, app in
                // given: a studio turns the captcha on
                let world = try await StudioWorld.booking(client, app)
                let saved = try await Self.enableCaptcha(client, world)
                #expect(saved.status == .ok && Self.object(saved)["captchaServerKeySet"] as? Bool == true, "\(saved.text)")
                let card = try await client.call(.get, "/api/v1/public/\(world.slug)")
                let captcha = Self.object(card)["captcha"] as? [String: String]
                #expect(captcha == ["provider": "smartcaptcha", "siteKey": "ysc1_site"], "\(card.text)")
                let stored = try await app.database.sql.raw("SELECT captcha_server_key FROM storefront_settings WHERE tenant_id = \(bind: world.tenantId)")
                    .first()?.decode(column: "captcha_server_key", as: String.self)
                #expect(stored != nil && stored != "ysc2_server_secret", "sealed at rest")
                let before = try await Self.written(app, world)
                // when: no token, a token SmartCaptcha refuses
                let missing = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world))
                let forged = try await StorefrontTests.book(
                    client, slug: world.slug, StorefrontTests.bookingJSON(world, extra: #","captchaToken":"token-forged""#))
                // then
                #expect(missing.status == .badRequest && missing.errorCode == "captcha_required", "\(missing.text)")
                #expect(forged.status == .badRequest && forged.errorCode == "captcha_failed", "\(forged.text)")
                #expect(try await Self.written(app, world) == before)
                // when: a token it issued
                let passed = try await StorefrontTests.book(
                    client, slug: world.slug, StorefrontTests.bookingJSON(world, extra: #","captchaToken":"token-ok""#))
                // then
                #expect(passed.status == .created, "\(passed.text)")
                let check = try #require(fake.requests.last)
                #expect(check.formFields()["secret"] == "ysc2_server_secret" && check.formFields()["token"] == "token-ok")
                // and the key is never answered, to anyone
                for text in [saved.text, card.text, try await client.call(.get, "/api/v1/storefront/settings", as: .bearer(world.token)).text] {
                    #expect(!text.contains("ysc2_server_secret"))
                }
                let audit = try await app.database.sql.raw(
                    "SELECT after_state FROM audit_log WHERE tenant_id = \(bind: world.tenantId) AND action = 'storefront_settings.updated'"
                ).first()?.decode(column: "after_state", as: String.self)
                #expect(audit?.contains("ysc2_server_secret") == false)
            }
        }
    }

    @Test func whenSmartCaptchaIsDownTheBookingGoesOnAsItsDocumentationAdvises() async throws {
        try await FakeHTTPServer.run(FakeSmartCaptcha.handler(serverKey: "ysc2_server_secret", tokens: [], down: true)) { fake in
            try await withTestApp(providers: ProviderEndpoints(all: fake.baseURL)) { client, app in
                let world = try await StudioWorld.booking(client, app)
                _ = try await Self.enableCaptcha(client, world)
                // when
                let booked = try await StorefrontTests.book(
                    client, slug: world.slug, StorefrontTests.bookingJSON(world, extra: #","captchaToken":"any""#))
                let missing = try await StorefrontTests.book(client, slug: world.slug, StorefrontTests.bookingJSON(world, at: "2026-06-03T10:00:00"))
                // then: asked, answered 500, let through; a missing token is still refused
                #expect(booked.status == .created, "\(booked.text)")
                #expect(fake.requests.count == 1)
                #expect(missing.errorCode == "captcha_required")
            }
        }
    }

    @Test func theCaptchaNeedsBothKeysAndSettingsAreValidated() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.booking(client, app)
            let noKeys = try await client.call(.put, "/api/v1/storefront/settings", as: .bearer(world.token), json: #"{"captchaEnabled":true}"#)
            #expect(noKeys.status == .badRequest && noKeys.errorBody?.fields == ["captchaSiteKey": "required", "captchaServerKey": "required"])
            let bad = try await client.call(
                .put, "/api/v1/storefront/settings", as: .bearer(world.token), json: #"{"phoneDailyLimit":0,"phoneUpcomingLimit":null,"captchaEnabled":"yes"}"#)
            #expect(bad.errorBody?.fields?["phoneDailyLimit"] == "out_of_range" && bad.errorBody?.fields?["phoneUpcomingLimit"] != nil)
            #expect(bad.errorBody?.fields?["captchaEnabled"] != nil)
            struct Settings: Decodable { let phoneDailyLimit: Int; let phoneUpcomingLimit: Int; let captchaEnabled: Bool; let bookingUrl: String }
            let now = try await client.call(.get, "/api/v1/storefront/settings", as: .bearer(world.token)).decoded(Settings.self)
            #expect(now.phoneDailyLimit == 3 && now.phoneUpcomingLimit == 5 && !now.captchaEnabled, "the defaults, unchanged")
            #expect(now.bookingUrl.hasSuffix("/book/\(world.slug)"))
            #expect(Self.object(try await client.call(.get, "/api/v1/public/\(world.slug)"))["captcha"] is NSNull)
        }
    }
}
