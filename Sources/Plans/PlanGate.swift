import CRMCore
import HTTPTypes
import Hummingbird

/// Request contexts that know the tenant's current plan (the tenant context of signed-in routes).
public protocol PlanScopedContext: AppContext {
    var plan: Plan { get }
}

/// The one place that decides whether a plan opens a feature, and the error when it does not.
public enum PlanGate {
    /// Throws `403 feature_not_allowed` with `details: {feature, requiredPlan, currentPlan}` when
    /// `plan` is below the feature's minimum plan.
    public static func check(_ feature: Feature, plan: Plan) throws(AppError) {
        guard !plan.includes(feature) else { return }
        throw AppError(
            status: .forbidden, code: "feature_not_allowed",
            messageArguments: ["feature": feature.rawValue, "requiredPlan": feature.minimumPlan.rawValue],
            details: [
                "feature": .string(feature.rawValue), "requiredPlan": .string(feature.minimumPlan.rawValue),
                "currentPlan": .string(plan.rawValue),
            ])
    }
}

/// Declares the feature a route group needs. The plan is read from the context on every
/// request, so an upgrade or downgrade takes effect on the next request.
public struct FeatureGateMiddleware<Context: PlanScopedContext>: RouterMiddleware {
    public let feature: Feature

    public init(_ feature: Feature) { self.feature = feature }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        try PlanGate.check(feature, plan: context.plan)
        return try await next(request, context)
    }
}
