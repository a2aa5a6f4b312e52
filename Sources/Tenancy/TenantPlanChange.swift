import CRMCore
import Foundation
import Plans

/// Moves a tenant to another plan. Data is never touched: a downgrade only closes the gated
/// routes, from the next request on (the plan is read with the identity on every request).
public struct TenantPlanChange: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func change(_ tenant: Tenant, to plan: Plan, actor: AuditActor, now: Date) async throws -> Plan {
        guard tenant.plan != plan else { return plan }
        return try await database.mutate(by: actor, at: now) { sql in
            try await sql.raw("UPDATE tenants SET plan = \(bind: plan.rawValue), updated_at = \(bind: now) WHERE id = \(bind: tenant.id)").run()
            let record = MutationRecord(
                action: "tenant.plan_changed", entityType: "tenant", entityId: tenant.id.description,
                before: .object(["plan": .string(tenant.plan.rawValue)]), after: .object(["plan": .string(plan.rawValue)]))
            return (plan, [record])
        }
    }
}
