import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

extension PaymentsRepository {
    struct TimelineRow: Decodable {
        let id: UUID
        let kind: String
        let provider: String
        let amountMinor: Int64
        let currency: String
        let invoiceId: UUID?
        let appointmentId: UUID?
        let succeededAt: Date
    }

    func timeline(of client: CustomerID, refunds: Bool, kind: String, after position: TimelinePosition?, limit: Int) async throws
        -> [TimelineRow]
    {
        var query: SQLQueryString = """
            SELECT id, kind, provider, amount_minor, currency, invoice_id, appointment_id, succeeded_at FROM payments
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client) AND status = 'succeeded' AND succeeded_at IS NOT NULL
              AND kind \(unsafeRaw: refunds ? "=" : "<>") 'refund'
            """
        if let position { query = query + " AND " + position.before(kind: kind, time: "succeeded_at", id: "id") }
        query = query + " ORDER BY succeeded_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
