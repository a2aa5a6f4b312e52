import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import Modules
@testable import Billing

struct InvoiceBody: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        let serviceId: String?
        let description: String
        let quantity: Int
        let unitPrice: String
        let total: String
    }

    let id: String
    let number: String?
    let clientId: String
    let appointmentId: String?
    let status: String
    let currency: String
    let items: [Item]
    let subtotal: String
    let discount: String
    let payable: String
    let balance: String
    let voidReason: String?
}

struct InvoicePage: Decodable { let items: [InvoiceBody] }

@Suite struct InvoicesTests {
    @Test func itemsAndDiscountAddUpToTheKopeckAndTheNumberIsTheStudiosNext() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            // when: 3 × 333.33 + 0.01 − 0.02 discount
            let response = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token),
                json: #"""
                    {"clientId":"\#(customer.id)","discount":"0.02","items":[
                      {"description":"Manicure","quantity":3,"unitPrice":"333.33"},
                      {"description":"Tip jar","unitPrice":0.01}]}
                    """#)
            // then
            #expect(response.status == .created)
            let invoice = try response.decoded(InvoiceBody.self)
            #expect(invoice.subtotal == "1000.00")
            #expect(invoice.discount == "0.02")
            #expect(invoice.payable == "999.98")
            #expect(invoice.balance == "999.98")
            #expect(invoice.items.map(\.total) == ["999.99", "0.01"])
            #expect(invoice.number == "2026-000001")
            #expect(invoice.status == "issued")
            #expect(try await auditActions(app.database, world.tenant.id).contains("invoice.created"))
            let events = try await domainEvents(app.database, world.tenant.id)
            #expect(events.contains { $0.type == "invoice.created" && $0.entityId == invoice.id })
        }
    }

    @Test func badInputIsRefusedFieldByFieldAndUsesNoNumber() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            // when
            let bad = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token),
                json: #"{"clientId":"\#(customer.id)","items":[{"quantity":0,"unitPrice":"-1.00"},{"description":"x","unitPrice":"1.005"}]}"#)
            let tooMuchDiscount = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token),
                json: #"{"clientId":"\#(customer.id)","discount":"5.00","items":[{"description":"x","unitPrice":"4.99"}]}"#)
            let good = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token),
                json: #"{"clientId":"\#(customer.id)","items":[{"description":"x","unitPrice":"1"}]}"#)
            // then
            let fields = bad.errorBody?.fields ?? [:]
            #expect(bad.status == .badRequest)
            #expect(fields["items.0.description"] == "required")
            #expect(fields["items.0.quantity"] == "out_of_range")
            #expect(fields["items.0.unitPrice"] == "negative")
            #expect(fields["items.1.unitPrice"] != nil)
            #expect(tooMuchDiscount.errorBody?.fields?["discount"] == "exceeds_subtotal")
            #expect(try good.decoded(InvoiceBody.self).number == "2026-000001")
        }
    }

    @Test func concurrentInvoicesGetGaplessDistinctNumbers() async throws {
        try await withTestApp(.live) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            // when 12 invoices are created at once
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let response = try await client.call(
                            .post, "/api/v1/invoices", as: .bearer(world.token),
                            json: #"{"clientId":"\#(customer.id)","items":[{"description":"Item \#(index)","unitPrice":"10.00"}]}"#)
                        return try response.decoded(InvoiceBody.self).number
                    }
                }
                var all: [String] = []
                for try await number in group { if let number { all.append(number) } }
                return all
            }
            // then
            #expect(numbers.sorted() == (1...12).map { String(format: "2026-%06d", $0) })
        }
    }

    @Test func anInvoiceFromAnAppointmentTakesItsServiceAndPriceOnce() async throws {
        try await withTestApp { client, app in
            // given a booked appointment
            let world = try await StudioWorld.booking(client, app)
            let appointment = try await world.book(client, at: "10:00")
            // when
            let first = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token), json: #"{"appointmentId":"\#(appointment.id)"}"#)
            let second = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token), json: #"{"appointmentId":"\#(appointment.id)"}"#)
            // then
            let invoice = try first.decoded(InvoiceBody.self)
            #expect(invoice.clientId == world.clientId)
            #expect(invoice.items.map(\.description) == ["Cut"])
            #expect(invoice.payable == "2500.00")
            #expect(second.status == .conflict)
            #expect(second.errorCode == "invoice_exists")
        }
    }

    @Test func aDraftIsNumberedWhenIssuedAndAVoidedInvoiceCannotBeIssued() async throws {
        try await withTestApp { client, app in
            // given a draft
            let world = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            let draft = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token),
                json: #"{"clientId":"\#(customer.id)","draft":true,"items":[{"description":"x","unitPrice":"1"}]}"#
            ).decoded(InvoiceBody.self)
            #expect(draft.number == nil)
            #expect(draft.status == "draft")
            // when
            let issued = try await client.call(.post, "/api/v1/invoices/\(draft.id)/issue", as: .bearer(world.token)).decoded(InvoiceBody.self)
            let voided = try await client.call(.post, "/api/v1/invoices/\(draft.id)/void", as: .bearer(world.token), json: #"{"reason":"duplicate"}"#)
            let again = try await client.call(.post, "/api/v1/invoices/\(draft.id)/issue", as: .bearer(world.token))
            // then
            #expect(issued.number == "2026-000001")
            #expect(try voided.decoded(InvoiceBody.self).status == "void")
            #expect(try voided.decoded(InvoiceBody.self).voidReason == "duplicate")
            #expect(again.status == .conflict)
            #expect(again.errorCode == "invalid_transition")
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions.contains("invoice.issued") && actions.contains("invoice.voided"))
        }
    }

    @Test func numbersAreCountedPerStudio() async throws {
        try await withTestApp { client, app in
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            for world in [a, b] {
                let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
                let invoice = try await client.call(
                    .post, "/api/v1/invoices", as: .bearer(world.token),
                    json: #"{"clientId":"\#(customer.id)","items":[{"description":"x","unitPrice":"1"}]}"#
                ).decoded(InvoiceBody.self)
                #expect(invoice.number == "2026-000001")
            }
        }
    }
}

extension InvoicesTests {
    @Test func searchFindsByNumberOrByTheClientsNameOrEmail() async throws {
        try await withTestApp { client, app in
            // given: Ольга (two invoices) and Maria (one)
            let world = try await StudioWorld.studio(client, app)
            let olga = try await client.createClient(NewClient(name: "Ольга Смирнова", email: "olga@example.com"), token: world.token)
            let maria = try await client.createClient(NewClient(name: "Maria 50% Off"), token: world.token)
            var numbers: [String: String] = [:]
            for (who, label) in [(olga.id, "o1"), (olga.id, "o2"), (maria.id, "m1")] {
                let invoice = try await client.call(
                    .post, "/api/v1/invoices", as: .bearer(world.token),
                    json: #"{"clientId":"\#(who)","items":[{"description":"x","unitPrice":"1"}]}"#
                ).decoded(InvoiceBody.self)
                numbers[label] = invoice.number
            }
            func found(_ q: String) async throws -> Set<String> {
                let query = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                return Set(try await client.call(.get, "/api/v1/invoices?q=\(query)", as: .bearer(world.token)).decoded(InvoicePage.self).items.compactMap(\.number))
            }
            // when / then: a name in another case, an email, a number's tail, a literal % sign
            #expect(try await found("ольга") == [numbers["o1"]!, numbers["o2"]!])
            #expect(try await found("OLGA@") == [numbers["o1"]!, numbers["o2"]!])
            #expect(try await found("000003") == [numbers["m1"]!])
            #expect(try await found("50%") == [numbers["m1"]!])
            #expect(try await found("nobody").isEmpty)
            let tooLong = try await client.call(.get, "/api/v1/invoices?q=\(String(repeating: "x", count: 101))", as: .bearer(world.token))
            #expect(tooLong.errorBody?.fields == ["q": "too_long"])
        }
    }
}

extension CrossTenantProbes {
    /// A's invoice: B can neither read, list, issue nor void it.
    static let invoices = CrossTenantProbe(
        name: "invoices",
        fixture: { world, app in
            let client = try await CrossTenantProbes.insertClient(world, app, name: "Probe Client")
            let now = app.clock.now()
            let invoice = Invoice(
                id: .random(), tenantId: world.tenant.id, number: nil, clientId: client, appointmentId: nil, status: .draft, currency: "RUB",
                items: [InvoiceItem(serviceId: nil, description: "A's item", quantity: 1, unitPrice: Money(major: 10))], subtotal: Money(major: 10),
                discount: .zero, payable: Money(major: 10), paid: .zero, refunded: .zero, notes: nil, issuedAt: nil, voidedAt: nil, voidReason: nil,
                createdBy: world.owner.id, createdAt: now, updatedAt: now)
            try await InvoicesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(invoice)
            return ["id": invoice.id.description]
        },
        routes: [
            .init(.get, "/api/v1/invoices/{id}"),
            .init(.post, "/api/v1/invoices/{id}/issue"),
            .init(.post, "/api/v1/invoices/{id}/void", json: #"{"reason":"B"}"#),
            .init(.post, "/api/v1/invoices/{id}/send", json: #"{"channel":"sms"}"#),
        ],
        lists: [
            .init(path: "/api/v1/invoices") { try $0.decoded(InvoicePage.self).items.map(\.id) },
            // a search by A's client's name finds nothing in B
            .init(path: "/api/v1/invoices?q=probe") { try $0.decoded(InvoicePage.self).items.map(\.id) },
        ],
        intact: { world, app, parameters in
            guard let id = InvoiceID(string: parameters["id"] ?? "") else { return false }
            let stored = try await InvoicesRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return stored?.status == .draft && stored?.number == nil
        }
    )
}
