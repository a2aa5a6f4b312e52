import CRMCore
import Foundation
import SQLKit

/// A deployment operator suspends, resumes or closes a studio (`veloria tenant …`). Nothing is
/// deleted: a suspended studio's users get `403 tenant_suspended` on every route and its public
/// pages say it is unavailable, until it is resumed; a closed studio answers `tenant_closed` and
/// stays closed (its data kept for export and the law's retention). Providers' webhooks are
/// still recorded, so money that moves is never lost.
public struct TenantLifecycle: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public enum Action: String, Sendable, CaseIterable {
        case suspend, resume, close

        var target: TenantStatus {
            switch self {
            case .suspend: .suspended
            case .resume: .active
            case .close: .closed
            }
        }
    }

    /// Moves the studio with `slug`; answers the tenant as it is after. A studio already there is
    /// left as it is; a closed one cannot be resumed or suspended (`409 tenant_closed`).
    public func apply(_ action: Action, slug: String, reason: String?, now: Date) async throws -> Tenant {
        try await database.transaction { sql in
            guard let before = try await TenantRecords.find(slug: slug, on: sql) else { throw AppError.notFound() }
            guard before.status != action.target else { return before }
            if before.status == .closed { throw AppError.conflict("tenant_closed") }
            try await sql.raw(
                "UPDATE tenants SET status = \(bind: action.target.rawValue), updated_at = \(bind: now) WHERE id = \(bind: before.id)"
            ).run()
            var after = before
            after.status = action.target
            after.updatedAt = now
            try await Database.record(
                MutationRecord(
                    action: "tenant.\(action == .resume ? "resumed" : action == .suspend ? "suspended" : "closed")", entityType: "tenant",
                    entityId: before.id.description, before: .object(["status": .string(before.status.rawValue)]),
                    after: .object(["status": .string(after.status.rawValue), "reason": reason.map(JSONValue.string) ?? .null])),
                by: AuditActor(tenantId: before.id, userId: nil, ip: nil, userAgent: nil, requestId: nil, kind: "system"), at: now, on: sql)
            return after
        }
    }

    /// The error every route of a studio that is not active answers (nil when it is).
    public static func refusal(for tenant: Tenant) -> AppError? {
        switch tenant.status {
        case .active: nil
        case .suspended: .forbidden("tenant_suspended")
        case .closed: .forbidden("tenant_closed")
        }
    }
}
