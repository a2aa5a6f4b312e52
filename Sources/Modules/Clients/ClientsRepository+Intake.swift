import CRMCore
import Foundation
import SQLKit

extension ClientsRepository {
    /// The client with this normalized phone, else with this email (case-folded), if any.
    func match(phone: String?, email: String?) async throws -> CustomerID? {
        struct Row: Decodable { let id: CustomerID }
        if let phone,
            let row = try await sql.raw("SELECT id FROM clients WHERE tenant_id = \(bind: tenantId) AND phone = \(bind: phone)").first(decoding: Row.self)
        {
            return row.id
        }
        if let email,
            let row = try await sql.raw("SELECT id FROM clients WHERE tenant_id = \(bind: tenantId) AND email_key = \(bind: Self.key(email))")
                .first(decoding: Row.self)
        {
            return row.id
        }
        return nil
    }
}
