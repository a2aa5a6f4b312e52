import CRMCore
import Foundation
import Hummingbird
import Plans

/// The context of every tenant route: built only from a verified identity, never from the path
/// or body, so a handler that needs a tenant cannot run without one.
public struct TenantRequestContext: ChildRequestContext, AppContext, PlanScopedContext, IdempotencyScoped {
    public typealias ParentContext = APIRequestContext

    public var coreContext: CoreRequestContextStorage
    public var requestId: String
    public var clock: any AppClock
    public var locale: AppLocale
    public let remoteAddress: String?
    public let userAgent: String?
    public let identity: Identity
    public let idempotencyScope: String

    public init(context: APIRequestContext) throws {
        if let error = context.identityError { throw error }
        guard let identity = context.identity else { throw AppError.unauthorized() }
        coreContext = context.coreContext
        requestId = context.requestId
        clock = context.clock
        locale = context.locale
        remoteAddress = context.remoteAddress
        userAgent = context.userAgent
        idempotencyScope = context.idempotencyScope
        self.identity = identity
    }

    /// Bodies are read up to 10 MiB: a manual payment's proof (a photo of a receipt) is an upload.
    public var maxUploadSize: Int { 10 << 20 }

    public var tenantId: TenantID { identity.tenant.id }
    public var userId: UserID { identity.user.id }
    public var role: Role { identity.user.role }
    public var plan: Plan { identity.tenant.plan }
    /// The tenant's zone: every local time of this request is read and written in it.
    public var timeZone: TimeZone { TenantTime.zone(named: identity.tenant.timezone) ?? TimeZone(identifier: "UTC")! }

    /// The caller as the audit trail records them.
    public var auditActor: AuditActor { scope.auditActor }

    /// Which records the caller may see and change (the object policy of SPEC §1).
    public var recordScope: RecordScope { scope.recordScope }

    /// Throws `403 forbidden` naming the permission when the caller's role lacks it.
    public func require(_ permission: Permission) throws { try scope.require(permission) }
}
