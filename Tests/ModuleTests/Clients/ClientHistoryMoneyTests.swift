import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// The client history is whole: invoices, payments, refunds and packages sold appear beside
/// visits and messages in one order; money only for those who may read finance.
@Suite struct ClientHistoryMoneyTests {
    struct History: Decodable {
        struct Entry: Decodable {
            let kind: String
            let at: String
            let data: [String: JSONValue]
        }
        let items: [Entry]
    }

    @Test func invoicesPaymentsRefundsAndPackagesJoinTheHistoryAndAReceptionistSeesNoMoney() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: an invoice of 1000.00 paid online, then 300.00 refunded, and a package sold
            let (world, payment) = try await RefundTests.paid(client, app, yookassa)
            #expect(try await world.refund(client, payment.id, amount: "300.00").status == .created)
            let cut = try await ServiceFixtures.create(client, token: world.token, name: "History cut")
            let definition = try await ServiceFixtures.package(client, token: world.token, name: "Five cuts", items: [(cut.id, 5)], validityDays: 30)
            let sold = try await client.call(
                .post, "/api/v1/clients/\(world.clientId)/packages", as: .bearer(world.token), json: #"{"packageId":"\#(definition.id)"}"#)
            #expect(sold.status == .created)
            // when
            let owner = try await client.call(.get, "/api/v1/clients/\(world.clientId)/history?limit=50", as: .bearer(world.token))
                .decoded(History.self)
            let receptionist = try await world.member(.receptionist)
            let desk = try await client.call(.get, "/api/v1/clients/\(world.clientId)/history?limit=50", as: .bearer(receptionist.token))
                .decoded(History.self)
            // then: the owner sees every kind, newest first
            let kinds = Set(owner.items.map(\.kind))
            #expect(kinds.isSuperset(of: ["invoice", "payment", "refund", "package"]), "\(kinds)")
            #expect(owner.items.first { $0.kind == "payment" }?.data["amount"] == .string("1000.00"))
            #expect(owner.items.first { $0.kind == "refund" }?.data["amount"] == .string("300.00"))
            #expect(owner.items.first { $0.kind == "package" }?.data["name"] == .string("Five cuts"))
            let instants = owner.items.compactMap { try? Date($0.at, strategy: .iso8601) }
            #expect(instants.count == owner.items.count)
            #expect(instants == instants.sorted(by: >))
            // and the receptionist's history has the package but no money
            #expect(desk.items.contains { $0.kind == "package" })
            #expect(desk.items.allSatisfy { !["invoice", "payment", "refund"].contains($0.kind) }, "\(desk.items.map(\.kind))")
        }
    }
}
