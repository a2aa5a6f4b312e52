import CRMCore
import Hummingbird
import Plans
import Tenancy

/// `GET /plan`: the tenant's plan and every feature with whether it is open and from which plan.
public struct PlanController: Sendable {
    public init() {}

    public func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.get("plan", use: show)
    }

    struct FeatureDTO: Codable, Sendable {
        let key: String
        let enabled: Bool
        let requiredPlan: Plan
    }

    struct PlanDTO: ResponseEncodable {
        let plan: Plan
        let features: [FeatureDTO]
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> PlanDTO {
        PlanDTO(
            plan: context.plan,
            features: Feature.allCases.map { FeatureDTO(key: $0.rawValue, enabled: context.plan.includes($0), requiredPlan: $0.minimumPlan) })
    }
}
