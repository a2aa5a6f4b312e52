import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@testable import Modules

/// Personal client discounts (seed 004): percent or fixed, optionally for some services and until
/// a day, applied when booking (shown on the appointment) and when invoicing.
@Suite struct ClientDiscountTests {
    struct Discount: Decodable {
        let id: String
        let kind: String
        let percent: Int?
        let amount: String?
        let serviceIds: [String]?
        let active: Bool
    }

    struct Listing: Decodable { let items: [Discount] }

    struct Booked: Decodable {
        let id: String
        let price: String
        let discountId: String?
        let discountAmount: String?
    }

    struct Invoice: Decodable {
        let subtotal: String
        let discount: String
        let payable: String
    }

    static func grant(_ client: some TestClientProtocol, _ world: StudioWorld, _ json: String) async throws -> TestResponse {
        try await client.call(.post, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(world.token), json: json)
    }

    static func book(
        _ client: some TestClientProtocol, _ world: StudioWorld, at time: String, on date: String = "2026-06-02", serviceId: String? = nil,
        staffId: String? = nil
    ) async throws -> Booked {
        let response = try await client.call(
            .post, "/api/v1/appointments", as: .bearer(world.token),
            body: world.body(at: time, on: date, staffId: staffId, serviceId: serviceId))
        try #require(response.status == .created, "\(response.text)")
        return try response.decoded(Booked.self)
    }

    static func invoice(_ client: some TestClientProtocol, _ world: StudioWorld, _ json: String) async throws -> Invoice {
        let response = try await client.call(.post, "/api/v1/invoices", as: .bearer(world.token), json: json)
        try #require(response.status == .created, "\(response.text)")
        return try response.decoded(Invoice.self)
    }

    @Test func aPercentDiscountLowersTheBookingAndShowsOnItsInvoice() async throws {
        try await withTestApp { client, app in
            // given: 10 % off everything for this client
            let world = try await StudioWorld.booking(client, app)
            let granted = try await Self.grant(client, world, #"{"kind":"percent","percent":10,"note":"Friend of the studio"}"#)
            #expect(granted.status == .created, "\(granted.text)")
            let discount = try granted.decoded(Discount.self)
            // when
            let booked = try await Self.book(client, world, at: "11:00")
            // then: 2500.00 less 250.00, and the appointment says why
            #expect(booked.price == "2250.00")
            #expect(booked.discountId == discount.id && booked.discountAmount == "250.00")
            // and its invoice shows the list price with the discount beside it
            let invoice = try await Self.invoice(client, world, #"{"appointmentId":"\#(booked.id)"}"#)
            #expect(invoice.subtotal == "2500.00" && invoice.discount == "250.00" && invoice.payable == "2250.00")
            // and a price given by hand is taken as it is
            let byHand = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token),
                json: #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)","startsAt":"2026-06-02T15:00:00","price":"2000.00"}"#
            ).decoded(Booked.self)
            #expect(byHand.price == "2000.00" && byHand.discountId == nil)
        }
    }

    @Test func theBestDiscountInForceForTheServiceWins() async throws {
        try await withTestApp { client, app in
            // given: a second service, 300.00 off the cut only until 3 June, 5 % off everything
            let world = try await StudioWorld.booking(client, app)
            let other = try await world.addService(NewService(category: "Hair", name: "Colour", basePrice: "4000.00", durationMinutes: 60))
            let everything = try await Self.grant(client, world, #"{"kind":"percent","percent":5}"#).decoded(Discount.self)
            let cutOnly = try await Self.grant(
                client, world, #"{"kind":"fixed","amount":"300.00","serviceIds":["\#(world.serviceId)"],"expiresOn":"2026-06-03"}"#
            ).decoded(Discount.self)
            #expect(cutOnly.serviceIds == [world.serviceId] && cutOnly.active)
            // when / then: the cut on 3 June takes the larger saving (300.00 > 125.00)
            let cut = try await Self.book(client, world, at: "10:00", on: "2026-06-03")
            #expect(cut.discountId == cutOnly.id && cut.price == "2200.00")
            // the cut after the expiry falls back to 5 %
            let later = try await Self.book(client, world, at: "10:00", on: "2026-06-04")
            #expect(later.discountId == everything.id && later.price == "2375.00")
            // the other service gets 5 % (the fixed one does not cover it)
            let colourist = try await world.addStaff("Maria", performs: [other])
            let colour = try await Self.book(client, world, at: "13:00", on: "2026-06-04", serviceId: other, staffId: colourist)
            #expect(colour.discountId == everything.id && colour.price == "3800.00")
            // when: both are revoked, nothing applies
            for id in [everything.id, cutOnly.id] {
                let revoked = try await client.call(.delete, "/api/v1/clients/\(world.clientId)/discounts/\(id)", as: .bearer(world.token))
                #expect(revoked.status == .noContent)
            }
            let plain = try await Self.book(client, world, at: "16:00", on: "2026-06-04")
            #expect(plain.discountId == nil && plain.price == "2500.00")
            let listing = try await client.call(.get, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(world.token)).decoded(Listing.self)
            #expect(listing.items.count == 2 && listing.items.allSatisfy { !$0.active })
            #expect(try await auditCount(app.database, world.tenantId, action: "client_discount.revoked") == 2)
        }
    }

    @Test func aHandMadeInvoiceTakesEachServiceLinesDiscountUnlessOneIsGiven() async throws {
        try await withTestApp { client, app in
            // given: 200.00 off the cut
            let world = try await StudioWorld.booking(client, app)
            _ = try await Self.grant(client, world, #"{"kind":"fixed","amount":"200.00","serviceIds":["\#(world.serviceId)"]}"#)
            // when: two cuts and a free-text line
            let items = #"[{"serviceId":"\#(world.serviceId)","quantity":2},{"description":"Shampoo","unitPrice":"500.00"}]"#
            let invoice = try await Self.invoice(client, world, #"{"clientId":"\#(world.clientId)","items":\#(items)}"#)
            // then: 200.00 per cut, nothing on the shampoo
            #expect(invoice.subtotal == "5500.00" && invoice.discount == "400.00" && invoice.payable == "5100.00")
            // and a discount given by hand replaces it
            let given = try await Self.invoice(client, world, #"{"clientId":"\#(world.clientId)","items":\#(items),"discount":"50.00"}"#)
            #expect(given.discount == "50.00")
        }
    }

    @Test func badDiscountsAreRefusedTogetherAndWriteNothing() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.booking(client, app)
            // when
            let wrong = try await Self.grant(
                client, world, #"{"kind":"percent","percent":0,"amount":"10.00","serviceIds":["\#(UUID().uuidString)"],"expiresOn":"June"}"#)
            let missing = try await Self.grant(client, world, #"{"kind":"fixed"}"#)
            let past = try await Self.grant(client, world, #"{"kind":"percent","percent":10,"expiresOn":"2026-05-01"}"#)
            // then
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorBody?.fields?["percent"] == "out_of_range")
            #expect(wrong.errorBody?.fields?["amount"] == "not_allowed")
            #expect(wrong.errorBody?.fields?["expiresOn"] == "invalid")
            #expect(missing.errorBody?.fields?["amount"] == "required")
            #expect(past.errorBody?.fields?["expiresOn"] == "in_past")
            let unknownService = try await Self.grant(client, world, #"{"kind":"percent","percent":10,"serviceIds":["\#(UUID().uuidString)"]}"#)
            #expect(unknownService.errorBody?.fields?["serviceIds.0"] == "not_found")
            let listing = try await client.call(.get, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(world.token)).decoded(Listing.self)
            #expect(listing.items.isEmpty)
        }
    }

    @Test func anotherStudioCannotSeeGrantOrRevokeThem() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.booking(client, app)
            let discount = try await Self.grant(client, world, #"{"kind":"percent","percent":15}"#).decoded(Discount.self)
            let stranger = try await StudioWorld.booking(client, app)
            // when / then
            let read = try await client.call(.get, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(stranger.token))
            let grant = try await client.call(
                .post, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(stranger.token), json: #"{"kind":"percent","percent":90}"#)
            let revoke = try await client.call(.delete, "/api/v1/clients/\(world.clientId)/discounts/\(discount.id)", as: .bearer(stranger.token))
            let viaOwnClient = try await client.call(
                .delete, "/api/v1/clients/\(stranger.clientId)/discounts/\(discount.id)", as: .bearer(stranger.token))
            #expect(read.status == .notFound && grant.status == .notFound && revoke.status == .notFound && viaOwnClient.status == .notFound)
            let listing = try await client.call(.get, "/api/v1/clients/\(world.clientId)/discounts", as: .bearer(world.token)).decoded(Listing.self)
            #expect(listing.items.count == 1 && listing.items[0].active && listing.items[0].percent == 15)
        }
    }
}
