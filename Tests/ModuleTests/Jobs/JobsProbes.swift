import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import TestSupport

extension CrossTenantProbes {
    /// A's dead job can be neither seen nor retried by B.
    static let jobs = CrossTenantProbe(
        name: "jobs",
        fixture: { world, app in
            ["id": try await JobsTesting.deadJob(of: world.tenant.id, app).uuidString.lowercased()]
        },
        routes: [.init(.post, "/api/v1/system/jobs/{id}/retry")],
        lists: [
            .init(path: "/api/v1/system/jobs?status=dead") { response in try response.decoded(JobsTesting.JobsPage.self).items.map(\.id) }
        ],
        intact: { _, app, parameters in
            try await JobStore(database: app.database).find(UUID(uuidString: parameters["id"]!)!)?.status == .dead
        })
}

enum JobsTesting {
    struct JobsPage: Decodable {
        struct Item: Decodable {
            let id: String
            let status: String
            let kind: String
        }
        let items: [Item]
    }

    /// A job of `tenant` that exhausted its attempts.
    static func deadJob(of tenant: TenantID, _ app: TestApp, kind: String = "message.send") async throws -> UUID {
        let id = try await Jobs.enqueue(NewJob(kind: kind, queue: .critical, tenantId: tenant), at: testNow, on: app.database.sql)!
        try await app.database.sql.raw(
            "UPDATE jobs SET status = 'dead', attempts = 3, last_error = 'provider said no' WHERE id = \(bind: id)"
        ).run()
        return id
    }
}
