import CRMCore
import Foundation
import Plans
import Tenancy

/// Auto-tags are recomputed once per tenant-local day (as well as on request): an hourly sweep
/// enqueues, for every active studio whose plan has `clients.autotags`, one `clients.autotags`
/// job keyed by the studio's local date — so each studio's runs soon after its own midnight, once
/// a day however many processes sweep — and that job recomputes the studio's tags.
public struct AutoTagJobs: Sendable {
    public static let sweepKind = "clients.autotags.sweep"
    public static let recomputeKind = "clients.autotags"
    public static let periodic = PeriodicJob(kind: sweepKind, queue: .heavy, every: 3600)

    let clients: ClientsService

    public init(clients: ClientsService) { self.clients = clients }

    public func register(in handlers: JobHandlers) {
        handlers.register(Self.sweepKind) { try await sweep($0) }
        handlers.register(Self.recomputeKind) { try await recompute($0) }
    }

    func sweep(_ job: JobContext) async throws {
        let now = job.clock.now()
        for tenant in try await TenantRecords.active(on: job.database.sql) where tenant.plan.includes(.clientsAutotags) {
            let day = TenantTime.localDate(of: now, in: TenantRecords.zone(of: tenant))
            try await Jobs.enqueue(
                NewJob(
                    kind: Self.recomputeKind, queue: .heavy, payload: .object(["tenantId": .string(tenant.id.description)]), tenantId: tenant.id,
                    uniqueKey: "\(Self.recomputeKind):\(tenant.id):\(day)"), at: now, on: job.database.sql)
        }
    }

    func recompute(_ job: JobContext) async throws {
        guard case .object(let payload) = job.job.payload, case .string(let text) = payload["tenantId"], let id = TenantID(string: text) else {
            throw PermanentJobFailure("malformed auto-tag job payload")
        }
        // A studio closed or moved below the plan since the sweep has nothing to recompute.
        guard let tenant = try await TenantRecords.find(id, on: job.database.sql), tenant.status == .active,
            tenant.plan.includes(.clientsAutotags)
        else { return }
        _ = try await AutoTagsService(clients: clients).recompute(scope: job.scope(for: tenant))
    }
}
