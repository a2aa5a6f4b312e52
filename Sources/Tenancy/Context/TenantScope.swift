import CRMCore
import Foundation
import Logging
import Plans

/// Who acts on a tenant's records. Every change is made by one of them, and the audit trail
/// says which.
public enum TenantActor: Sendable, Equatable {
    /// A signed-in user of the studio, with their role.
    case user(UserID, Role)
    /// A client of the studio acting on their own booking: through a signed manage link, the
    /// storefront or the Telegram bot (`via` names which). Nil before the client is known.
    case client(CustomerID?, via: String)
    /// The studio's own machinery: a scheduled or queued job (`job` is its kind).
    case system(job: String)
    /// A payment or messaging provider's callback (`provider` is its name).
    case webhook(provider: String)
}

/// What every service function needs to act for a tenant, without HTTP: the tenant (id, plan,
/// time zone, locale, currency), the actor, the clock and a correlation id (the request id of a
/// route, the job id of a job). `TenantRequestContext.scope` makes one for a signed-in user;
/// jobs and webhooks make theirs with `system` / `webhook`, and the storefront and the bot with
/// `client`. Permission and record-scope checks and the audit actor come from it, so a service
/// called by a route and by a job runs the same code.
public struct TenantScope: Sendable {
    public let tenant: Tenant
    public let actor: TenantActor
    public let clock: any AppClock
    public let correlationId: String
    /// The language answers and messages are written in for this actor.
    public let locale: AppLocale
    /// Where the request came from, for the audit trail (nil outside HTTP).
    public let remoteAddress: String?
    public let userAgent: String?
    /// Logs of this scope carry its correlation id (a request's logger keeps its own metadata).
    public let logger: Logger

    public init(
        tenant: Tenant, actor: TenantActor, clock: any AppClock, correlationId: String, locale: AppLocale? = nil, remoteAddress: String? = nil,
        userAgent: String? = nil, logger: Logger? = nil
    ) {
        self.tenant = tenant
        self.actor = actor
        self.clock = clock
        self.correlationId = correlationId
        self.locale = locale ?? tenant.locale
        self.remoteAddress = remoteAddress
        self.userAgent = userAgent
        self.logger =
            logger
            ?? {
                var logger = Logger(label: "veloria")
                logger[metadataKey: "correlation_id"] = .string(correlationId)
                return logger
            }()
    }

    /// The scope of a scheduled or queued job acting for `tenant`.
    public static func system(_ tenant: Tenant, job: String, clock: any AppClock, correlationId: String) -> TenantScope {
        TenantScope(tenant: tenant, actor: .system(job: job), clock: clock, correlationId: correlationId)
    }

    /// The scope of a provider's callback acting for `tenant`.
    public static func webhook(_ tenant: Tenant, provider: String, clock: any AppClock, correlationId: String) -> TenantScope {
        TenantScope(tenant: tenant, actor: .webhook(provider: provider), clock: clock, correlationId: correlationId)
    }

    public var tenantId: TenantID { tenant.id }
    public var plan: Plan { tenant.plan }
    /// The tenant's zone: every local time of this scope is read and written in it.
    public var timeZone: TimeZone { TenantTime.zone(named: tenant.timezone) ?? TimeZone(identifier: "UTC")! }

    /// The acting user; nil for clients, jobs and webhooks (records they create name no author).
    public var userId: UserID? {
        if case .user(let id, _) = actor { return id }
        return nil
    }

    /// The acting user's role; nil when no user acts.
    public var role: Role? {
        if case .user(_, let role) = actor { return role }
        return nil
    }

    /// The acting user, for what only a signed-in user can do (their own profile, approving a
    /// payment someone else recorded); `403 user_required` for any other actor.
    public func actingUser() throws -> (id: UserID, role: Role) {
        guard case .user(let id, let role) = actor else { throw AppError.forbidden("user_required") }
        return (id, role)
    }

    /// The actor as the audit trail records them. Jobs and webhooks are both `system` there
    /// today (the audit viewer's documented actor types); the correlation id tells them apart.
    public var auditActor: AuditActor {
        let kind: String
        switch actor {
        case .user: kind = "user"
        case .client: kind = "client"
        case .system, .webhook: kind = "system"
        }
        return AuditActor(tenantId: tenant.id, userId: userId, ip: remoteAddress, userAgent: userAgent, requestId: correlationId, kind: kind)
    }

    /// Which records the actor may see and change (the object policy of SPEC §1). Only a user's
    /// role narrows it; a client's own records are checked by the function that serves them, and
    /// the studio's machinery acts on all of them.
    public var recordScope: RecordScope {
        guard case .user(let id, let role) = actor, role.seesOnlyOwnRecords else { return .all }
        return .ownedBy(id)
    }

    /// Throws `403 permission_denied` naming the permission when the actor lacks it. A user has
    /// their role's permissions; the studio's machinery (jobs, webhooks) runs only code the studio
    /// configured, so it passes; a client never holds a staff permission.
    public func require(_ permission: Permission) throws {
        let allowed: Bool
        switch actor {
        case .user(_, let role): allowed = role.can(permission)
        case .system, .webhook: allowed = true
        case .client: allowed = false
        }
        guard allowed else { throw AppError.forbidden("permission_denied", details: ["permission": .string(permission.rawValue)]) }
    }

    /// How phones and emails are shown to this actor: by the user's role; everyone else reads
    /// them in full (a client reads their own; jobs and webhooks show nothing to a person).
    public var pii: PIIPresenter { PIIPresenter(visibility: role?.piiVisibility ?? .full) }
}

extension TenantRequestContext {
    /// The signed-in caller's scope: their tenant and role, this request's clock and id.
    public var scope: TenantScope {
        TenantScope(
            tenant: identity.tenant, actor: .user(identity.user.id, identity.user.role), clock: clock, correlationId: requestId, locale: locale,
            remoteAddress: remoteAddress, userAgent: userAgent, logger: logger)
    }
}

extension JobContext {
    /// The scope of this job acting for `tenant`: the job's clock, its id as the correlation id.
    public func scope(for tenant: Tenant) -> TenantScope {
        TenantScope(
            tenant: tenant, actor: .system(job: job.kind), clock: clock, correlationId: job.id.uuidString.lowercased(), logger: logger)
    }
}
