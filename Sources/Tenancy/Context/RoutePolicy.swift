import CRMCore
import Plans

/// What a tenant route needs beyond a signed-in caller: a permission of the caller's role and a
/// feature of the tenant's plan. Every tenant route declares one (see `TenantRoutes`), and the
/// OpenAPI document states the same pair as `x-permission` / `x-feature` (a test compares them).
public struct RoutePolicy: Sendable, Equatable {
    public let permission: Permission?
    public let feature: Feature?

    public init(permission: Permission?, feature: Feature?) {
        self.permission = permission
        self.feature = feature
    }

    /// Any signed-in user of the tenant (their own profile, sign-out, their tokens).
    public static let signedIn = RoutePolicy(permission: nil, feature: nil)

    public static func needs(_ permission: Permission, feature: Feature? = nil) -> RoutePolicy {
        RoutePolicy(permission: permission, feature: feature)
    }

    public static func feature(_ feature: Feature) -> RoutePolicy {
        RoutePolicy(permission: nil, feature: feature)
    }

    /// The plan first: below the plan nobody may use the route, whatever their role.
    public func check(_ context: TenantRequestContext) throws {
        if let feature { try PlanGate.check(feature, plan: context.plan) }
        if let permission { try context.require(permission) }
    }
}
