import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@Suite struct JobsEndpointTests {
    struct QueueBody: Decodable {
        struct Stats: Decodable {
            let queue: String
            let depth: Int
            let lagSeconds: Double
            let running: Int
            let dead: Int
        }
        let queues: [Stats]
        let dead: Int
    }

    @Test func queueFiguresCountOnlyTheStudiosOwnJobs() async throws {
        try await withTestApp { client, app in
            // given: A has two ops jobs due 30 s ago and one dead critical job; B has jobs too
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            for _ in 0..<2 {
                try await Jobs.enqueue(
                    NewJob(kind: "sync", queue: .ops, tenantId: a.tenant.id, runAt: testNow.addingTimeInterval(-30)), at: testNow,
                    on: app.database.sql)
            }
            _ = try await JobsTesting.deadJob(of: a.tenant.id, app)
            try await Jobs.enqueue(
                NewJob(kind: "sync", queue: .ops, tenantId: b.tenant.id, runAt: testNow.addingTimeInterval(-600)), at: testNow, on: app.database.sql)
            // when
            let response = try await client.call(.get, "/api/v1/system/queue", as: .bearer(a.token))
            // then
            let body = try response.decoded(QueueBody.self)
            let ops = try #require(body.queues.first { $0.queue == "ops" })
            let critical = try #require(body.queues.first { $0.queue == "critical" })
            #expect(body.queues.map(\.queue) == ["critical", "ops", "heavy"])
            #expect(ops.depth == 2 && ops.lagSeconds == 30 && ops.dead == 0)
            #expect(critical.depth == 0 && critical.dead == 1 && body.dead == 1)
        }
    }

    @Test func anOwnerListsDeadJobsAndRetriesOneOnce() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let dead = try await JobsTesting.deadJob(of: world.tenant.id, app)
            try await Jobs.enqueue(NewJob(kind: "sync", queue: .ops, tenantId: world.tenant.id), at: testNow, on: app.database.sql)
            // when
            let listed = try await client.call(.get, "/api/v1/system/jobs?status=dead", as: .bearer(world.token)).decoded(JobsTesting.JobsPage.self)
            let retried = try await client.call(.post, "/api/v1/system/jobs/\(dead)/retry", as: .bearer(world.token))
            let again = try await client.call(.post, "/api/v1/system/jobs/\(dead)/retry", as: .bearer(world.token))
            // then
            #expect(listed.items.map(\.id) == [dead.uuidString.lowercased()])
            #expect(retried.status == .ok)
            let job = try #require(try await JobStore(database: app.database).find(dead))
            #expect(job.status == .queued && job.attempts == 0)
            #expect(again.status == .conflict && again.errorCode == "job_not_dead")
            #expect(try await auditActions(app.database, world.tenant.id).contains("job.retried"))
        }
    }

    @Test func aBadStatusFilterIsAFieldError() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.studio(client, app)
            let response = try await client.call(.get, "/api/v1/system/jobs?status=zombie", as: .bearer(world.token))
            #expect(response.status == .badRequest && response.errorBody?.fields?["status"] == "invalid")
        }
    }
}
