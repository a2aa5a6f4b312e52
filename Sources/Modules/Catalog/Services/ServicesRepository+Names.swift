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
