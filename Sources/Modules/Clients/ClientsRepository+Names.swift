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

extension ClientsRepository {
    /// The clients whose name or email contains `text` (case-folded as the list's search), at most `limit`.
    func ids(matching text: String, limit: Int) async throws -> [CustomerID] {
        struct Row: Decodable { let id: CustomerID }
        let pattern = LikePattern.containing(Self.key(text))
        return try await sql.raw(
            """
            SELECT id FROM clients WHERE tenant_id = \(bind: tenantId)
              AND (name_key LIKE \(bind: pattern) ESCAPE '!' OR email_key LIKE \(bind: pattern) ESCAPE '!')
            ORDER BY name_key LIMIT \(unsafeRaw: String(limit))
            """
        ).all(decoding: Row.self).map(\.id)
    }
}

extension ClientDirectory {
    /// The clients another list searches by (an invoice by its client's name), at most `limit`.
    public func ids(matching text: String, tenant: TenantID, limit: Int = 500) async throws -> [CustomerID] {
        try await ClientsRepository(sql: sql, tenantId: tenant).ids(matching: text, limit: limit)
    }
}
