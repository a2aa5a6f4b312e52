import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// The tenant's view of the job queue (owners: `integrations.manage`, since the tenant's jobs are
/// its provider work — messages, payments, webhooks): `GET /system/queue` (depth, lag, running
/// and dead per queue), `GET /system/jobs?status=dead`, `POST /system/jobs/{id}/retry`. Only the
/// tenant's own jobs are counted, listed or retried; installation-wide figures are operator
/// business (`JobStore.stats(tenant: nil)`, not yet published to the metrics endpoint).
public struct JobsController: Sendable {
    let store: JobStore
    let database: Database

    public init(database: Database) {
        self.database = database
        store = JobStore(database: database)
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("system/queue", .needs(.integrationsManage), use: queue)
        routes.get("system/jobs", .needs(.integrationsManage), use: list)
        routes.post("system/jobs/{id}/retry", .needs(.integrationsManage), use: retry)
    }

    struct QueueDTO: ResponseEncodable, Sendable {
        let queues: [QueueStats]
        let dead: Int
    }

    struct JobDTO: ResponseEncodable, Sendable {
        /// Lower-case, like every id of the API.
        let id: String
        let queue: JobQueueName
        let kind: String
        let status: JobStatus
        let attempts: Int
        let maxAttempts: Int
        let runAt: Date
        let lastError: String?
        let payload: JSONValue
        let createdAt: Date
        let updatedAt: Date

        init(_ job: Job) {
            id = job.id.uuidString.lowercased()
            queue = job.queue
            kind = job.kind
            status = job.status
            attempts = job.attempts
            maxAttempts = job.maxAttempts
            runAt = job.runAt
            lastError = job.lastError
            payload = job.payload
            createdAt = job.createdAt
            updatedAt = job.updatedAt
        }
    }

    @Sendable func queue(_ request: Request, context: TenantRequestContext) async throws -> QueueDTO {
        let stats = try await store.stats(tenant: context.tenantId, now: context.clock.now())
        return QueueDTO(queues: stats, dead: stats.reduce(0) { $0 + $1.dead })
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<JobDTO> {
        let query = request.decodedQuery
        var problems: [String: String] = [:]
        let statusText = query["status"] ?? JobStatus.dead.rawValue
        let status = JobStatus(rawValue: statusText)
        if status == nil { problems["status"] = "invalid" }
        var page = PageRequest()
        do {
            page = try PageRequest.parse(limit: query["limit"], cursor: query["cursor"])
        } catch {
            problems.merge(error.fields ?? ["cursor": "invalid"]) { $1 }
        }
        guard problems.isEmpty, let status else { throw AppError.validation(problems) }
        let result = try await store.list(tenant: context.tenantId, status: status, page: page)
        return Page(items: result.items.map(JobDTO.init), nextCursor: result.nextCursor)
    }

    /// Only a dead job can be retried: another tenant's job, an unknown id and a job that is not
    /// dead are all 404 / 409 as if the tenant's own.
    @Sendable func retry(_ request: Request, context: TenantRequestContext) async throws -> JobDTO {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound() }
        let now = context.clock.now()
        let retried = try await database.mutate(by: context.auditActor, at: now) { sql -> (Job?, [MutationRecord]) in
            guard let job = try await store.retry(id, tenant: context.tenantId, now: now, on: sql) else { return (nil, []) }
            // Audited without an event: a retry is an operator action, not a domain fact.
            return (
                job,
                [
                    MutationRecord(
                        action: "job.retried", entityType: "job", entityId: id.uuidString.lowercased(), before: .object(["status": "dead"]),
                        after: .object(["status": "queued", "kind": .string(job.kind)]), emitsEvent: false)
                ]
            )
        }
        if let retried { return JobDTO(retried) }
        guard let job = try await store.find(id, tenant: context.tenantId) else { throw AppError.notFound() }
        throw AppError.conflict("job_not_dead", details: ["status": .string(job.status.rawValue)])
    }
}
