import CRMCore
import Foundation
import SQLKit
import Clients

extension ClientPackagesRepository {
    struct TimelineRow: Decodable {
        let id: UUID
        let name: String
        let priceMinor: Int64
        let soldAt: Date
        let expiresAt: Date
    }

    /// The client's packages, newest sale first, strictly after `position` (the client history).
    func timeline(of client: CustomerID, kind: String, after position: TimelinePosition?, limit: Int) async throws -> [TimelineRow] {
        var query: SQLQueryString = """
            SELECT id, name, price_minor, sold_at, expires_at FROM client_packages
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client)
            """
        if let position { query = query + " AND " + position.before(kind: kind, time: "sold_at", id: "id") }
        query = query + " ORDER BY sold_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
