import CRMCore
import Foundation
import SQLKit
import TestSupport

extension CrossTenantProbes {
    /// A's data export is never shown, listed or downloaded to B.
    static let exports = CrossTenantProbe(
        name: "data exports",
        fixture: { world, _ in
            let export = try await world.client.call(.post, "/api/v1/exports", as: .bearer(world.token)).decoded(ExportAnswer.self)
            return ["id": export.id.lowercased()]
        },
        routes: [.init(.get, "/api/v1/exports/{id}"), .init(.get, "/api/v1/exports/{id}/download")],
        lists: [.init(path: "/api/v1/exports") { try $0.decoded(ExportList.self).items.map { $0.id.lowercased() } }],
        intact: { world, app, parameters in
            let rows = try await app.database.sql.raw(
                "SELECT status FROM data_exports WHERE tenant_id = \(bind: world.tenant.id) AND id = \(bind: UUID(uuidString: parameters["id"] ?? "") ?? UUID())"
            ).all()
            return try rows.count == 1 && rows[0].decode(column: "status", as: String.self) == "queued"
        })
}
