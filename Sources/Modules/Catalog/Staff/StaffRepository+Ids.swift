import CRMCore
import Foundation
import SQLKit

extension StaffRepository {
    private struct IdRow: Decodable { let id: StaffID }

    /// Staff members (any state) whose location is one of `locations`.
    func ids(at locations: [UUID]) async throws -> [StaffID] {
        try await sql.select().column("id").from("staff").where("tenant_id", .equal, SQLBind(tenantId))
            .where("location_id", .in, locations).all(decoding: IdRow.self).map(\.id)
    }
}
