import CRMCore
import Foundation
import SQLKit

extension ServicesRepository {
    /// Only the service's name (a message template's `{service}`).
    func name(of id: ServiceID) async throws -> String? {
        struct Row: Decodable { let name: String }
        return try await sql.raw("SELECT name FROM services WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").first(decoding: Row.self)?.name
    }
}

extension ServicesRepository {
    /// The names of several services in one query.
    func names(of ids: [ServiceID]) async throws -> [ServiceID: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let id: ServiceID
            let name: String
        }
        let rows = try await sql.raw("SELECT id, name FROM services WHERE tenant_id = \(bind: tenantId) AND id IN \(SQLBind.group(ids))")
            .all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
