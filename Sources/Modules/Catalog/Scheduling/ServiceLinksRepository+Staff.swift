import CRMCore
import Foundation
import SQLKit

extension ServiceLinks {
    /// Staff members linked to `service` (`staff_services`).
    static func staff(performing service: UUID, tenant: TenantID, on sql: any SQLDatabase) async throws -> [StaffID] {
        struct Row: Decodable { let staffId: StaffID }
        return try await sql.select().column("staff_id").from("staff_services").where("tenant_id", .equal, SQLBind(tenant))
            .where("service_id", .equal, SQLBind(service)).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.staffId)
    }
}
