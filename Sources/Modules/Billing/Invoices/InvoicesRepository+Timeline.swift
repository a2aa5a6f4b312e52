import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

extension InvoicesRepository {
    struct TimelineRow: Decodable {
        let id: UUID
        let number: String?
        let status: String
        let currency: String
        let payableMinor: Int64
        let paidMinor: Int64
        let refundedMinor: Int64
        let appointmentId: UUID?
        let createdAt: Date
    }

    func timeline(of client: CustomerID, kind: String, after position: TimelinePosition?, limit: Int) async throws -> [TimelineRow] {
        var query: SQLQueryString = """
            SELECT id, number, status, currency, payable_minor, paid_minor, refunded_minor, appointment_id, created_at FROM invoices
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client)
            """
        if let position { query = query + " AND " + position.before(kind: kind, time: "created_at", id: "id") }
        query = query + " ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
