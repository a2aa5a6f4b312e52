import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Plans
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// `storefront.branding` (colours and logo on the card, veloria+) and `storefront.whitelabel`
/// (the studio's own host name opening its booking page, imperium), by plan, with downgrades
/// and other studios.
@Suite struct StorefrontBrandingTests {
    struct Card: Decodable {
        struct Branding: Decodable, Equatable {
            let logoUrl: String?
            let primaryColor: String?
            let accentColor: String?
        }
        let branding: Branding
    }

    static let none = Card.Branding(logoUrl: nil, primaryColor: nil, accentColor: nil)

    static func card(_ client: some TestClientProtocol, _ world: StudioWorld) async throws -> Card.Branding {
        try await client.call(.get, "/api/v1/public/\(world.slug)").decoded(Card.self).branding
    }

    static func setPlan(_ app: TestApp, _ world: StudioWorld, _ plan: Plan) async throws {
        try await Fixtures.setPlan(in: app.database, tenant: world.tenant, plan)
    }

    @Test func brandingIsSetOnVeloriaShownOnTheCardAndHiddenAfterADowngrade() async throws {
        try await withTestApp { client, app in
            // given: a studio on Veloria that never chose colours
            let world = try await StudioWorld.studio(client, app, plan: .veloria)
            let raw = try await client.call(.get, "/api/v1/public/\(world.slug)")
            let branding = StorefrontGuardsTests.object(raw)["branding"] as? [String: Any]
            #expect(branding?.count == 3 && branding?.values.allSatisfy { $0 is NSNull } == true, "\(raw.text)")
            // when: wrong values, then good ones
            let wrong = try await client.call(
                .put, "/api/v1/settings/branding", as: .bearer(world.token),
                json: ##"{"primaryColor":"#12345","accentColor":"red","logoUrl":"http://logo.example.com/a.png"}"##)
            let good = try await client.call(
                .put, "/api/v1/settings/branding", as: .bearer(world.token),
                json: ##"{"primaryColor":"#112233","accentColor":"#AABBCC","logoUrl":"https://cdn.example.com/logo.png"}"##)
            // then
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorBody?.fields == ["primaryColor": "invalid", "accentColor": "invalid", "logoUrl": "invalid"])
            #expect(good.status == .ok, "\(good.text)")
            #expect(
                try await Self.card(client, world)
                    == .init(logoUrl: "https://cdn.example.com/logo.png", primaryColor: "#112233", accentColor: "#AABBCC"))
            // when: the studio goes down to Ivory
            try await Self.setPlan(app, world, .ivory)
            // then: the card stops answering them, changing them is refused, and they are kept
            #expect(try await Self.card(client, world) == Self.none)
            let refused = try await client.call(.put, "/api/v1/settings/branding", as: .bearer(world.token), json: ##"{"primaryColor":"#000000"}"##)
            #expect(refused.status == .forbidden && refused.errorCode == "feature_not_allowed", "\(refused.text)")
            #expect(refused.errorBody?.details?["feature"] == .string("storefront.branding"))
            #expect(try await client.call(.get, "/api/v1/settings/branding", as: .bearer(world.token)).text.contains("#112233"))
            try await Self.setPlan(app, world, .veloria)
            #expect(try await Self.card(client, world).primaryColor == "#112233")
        }
    }

    @Test func anIvoryStudioCannotSetBrandingAndAnotherStudiosBrandingNeverShows() async throws {
        try await withTestApp { client, app in
            let ivory = try await StudioWorld.studio(client, app, plan: .ivory)
            let other = try await StudioWorld.studio(client, app, plan: .imperium)
            _ = try await client.call(.put, "/api/v1/settings/branding", as: .bearer(other.token), json: ##"{"primaryColor":"#445566"}"##)
            let refused = try await client.call(.put, "/api/v1/settings/branding", as: .bearer(ivory.token), json: ##"{"primaryColor":"#000000"}"##)
            #expect(refused.status == .forbidden && refused.errorCode == "feature_not_allowed")
            #expect(try await Self.card(client, ivory) == Self.none)
            #expect(try await Self.card(client, other).primaryColor == "#445566")
        }
    }

    static func host(_ client: some TestClientProtocol, _ world: StudioWorld, _ value: String?) async throws -> TestResponse {
        let json = value.map { #"{"customHost":"\#($0)"}"# } ?? #"{"customHost":null}"#
        return try await client.call(.put, "/api/v1/storefront/settings", as: .bearer(world.token), json: json)
    }

    static func home(_ client: some TestClientProtocol, host: String) async throws -> TestResponse {
        try await client.execute(uri: "/", method: .get, headers: [CustomHostRedirect.hostField!: host], body: nil)
    }

    @Test func aCustomHostOpensTheBookingPageOnlyOnImperiumAndIsUniqueAcrossStudios() async throws {
        try await withTestApp { client, app in
            // given
            let studio = try await StudioWorld.studio(client, app, plan: .imperium)
            let rival = try await StudioWorld.studio(client, app, plan: .imperium)
            let veloria = try await StudioWorld.studio(client, app, plan: .veloria)
            // when: set, written loosely; invalid ones; another studio wants it; a plan without white-label
            let set = try await Self.host(client, studio, "  Book.Example.COM. ")
            let invalid = try await Self.host(client, rival, "not a host")
            let ip = try await Self.host(client, rival, "10.0.0.1")
            let taken = try await Self.host(client, rival, "book.example.com")
            let gated = try await Self.host(client, veloria, "veloria.example.com")
            // then
            #expect(set.status == .ok && StorefrontGuardsTests.object(set)["customHost"] as? String == "book.example.com", "\(set.text)")
            #expect(invalid.errorBody?.fields?["customHost"] == "invalid" && ip.errorBody?.fields?["customHost"] == "invalid")
            #expect(taken.status == .conflict && taken.errorCode == "custom_host_taken" && taken.errorBody?.fields?["customHost"] == "taken")
            #expect(gated.status == .forbidden && gated.errorCode == "feature_not_allowed")
            #expect(!(try await client.call(.get, "/api/v1/storefront/settings", as: .bearer(rival.token)).text.contains("book.example.com")))
            // when: the host is asked for its home page
            let home = try await Self.home(client, host: "book.example.com:443")
            let other = try await Self.home(client, host: "unknown.example.com")
            let api = try await client.execute(uri: "/api/v1/health", method: .get, headers: [CustomHostRedirect.hostField!: "book.example.com"], body: nil)
            // then: the studio's booking page; nothing else changes
            #expect(home.status == .found && home.headers[.location] == "/book/\(studio.slug)", "\(home.status)")
            #expect(other.status != .found && api.status != .found)
            // when: the studio goes down to Veloria
            try await Self.setPlan(app, studio, .veloria)
            // then: the host no longer answers, and the name stays the studio's
            #expect(try await Self.home(client, host: "book.example.com").status != .found)
            #expect(try await Self.host(client, rival, "book.example.com").errorCode == "custom_host_taken")
            // and clearing it needs no plan; then another studio may take it
            #expect(try await Self.host(client, studio, nil).status == .ok)
            #expect(try await Self.host(client, rival, "book.example.com").status == .ok)
            #expect(try await Self.home(client, host: "book.example.com").headers[.location] == "/book/\(rival.slug)")
        }
    }
}
