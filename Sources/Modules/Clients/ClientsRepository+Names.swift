import CRMCore
import Foundation
import SQLKit

extension ClientsRepository {
    /// The names of several clients in one query.
    func names(of ids: [CustomerID]) async throws -> [CustomerID: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let id: CustomerID
            let name: String
        }
        let rows = try await sql.raw("SELECT id, name FROM clients WHERE tenant_id = \(bind: tenantId) AND id IN \(SQLBind.group(ids))")
            .all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

extension ClientDirectory {
    /// The names of several clients (an overview's appointments), in one query.
    public func names(_ ids: [CustomerID], tenant: TenantID) async throws -> [CustomerID: String] {
        try await ClientsRepository(sql: sql, tenantId: tenant).names(of: Array(Set(ids)))
    }
}
