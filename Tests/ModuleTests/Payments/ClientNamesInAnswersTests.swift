import Foundation
import Testing
import HummingbirdTesting
import TestSupport

/// Lists of appointments, invoices and payments name each row's client, read in one query, so a
/// screen shows a page without a request per client (issue 17: no request waterfalls).
@Suite struct ClientNamesInAnswersTests {
    static func items(_ response: TestResponse) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        return try #require(object["items"] as? [[String: Any]])
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    @Test func appointmentInvoiceAndPaymentAnswersCarryTheClientsName() async throws {
        try await withPayments { client, app, _, _ in
            // given: two clients, one booked with a deposit due, the other with an invoice
            let world = try await DepositTests.world(client, app)
            let other = try await world.addClient(NewClient(name: "Olga Other"))
            let booked = try await DepositTests.book(client, world)
            let second = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "12:00", clientId: other))
            #expect(second.status == .created)
            try await runDueJobs(app)
            let invoice = try await client.call(
                .post, "/api/v1/invoices", as: .bearer(world.token), json: #"{"appointmentId":"\#(booked.id)"}"#)
            #expect(invoice.status == .created)
            // when
            let appointments = try Self.items(try await client.call(.get, "/api/v1/appointments", as: .bearer(world.token)))
            let one = try Self.object(try await client.call(.get, "/api/v1/appointments/\(booked.id)", as: .bearer(world.token)))
            let invoices = try Self.items(try await client.call(.get, "/api/v1/invoices", as: .bearer(world.token)))
            let payments = try Self.items(try await client.call(.get, "/api/v1/payments", as: .bearer(world.token)))
            // then: each row names its own client
            let names = Dictionary(uniqueKeysWithValues: appointments.map { ($0["id"] as? String ?? "", $0["clientName"] as? String) })
            #expect(names[booked.id] == "Maria Client")
            #expect(appointments.count == 2 && names.values.contains("Olga Other"))
            #expect(one["clientName"] as? String == "Maria Client")
            #expect(try Self.object(invoice)["clientName"] as? String == "Maria Client")
            #expect(invoices.map { $0["clientName"] as? String } == ["Maria Client"])
            // both bookings asked a deposit: each deposit names the client of its own booking
            let payers = Dictionary(payments.map { ($0["appointmentId"] as? String ?? "", $0["clientName"] as? String) }, uniquingKeysWith: { a, _ in a })
            #expect(payers[booked.id] == "Maria Client")
            #expect(Set(payers.values.compactMap { $0 }) == ["Maria Client", "Olga Other"])
        }
    }
}
