import CRMCore
import Hummingbird
import Plans
import Tenancy

/// `GET /plan`: the tenant's plan and every feature with whether it is open and from which plan;
/// `POST /billing/plan`: the owner moves the tenant to another plan (audited).
public struct PlanController: Sendable {
    let planChange: TenantPlanChange

    public init(planChange: TenantPlanChange) { self.planChange = planChange }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("plan", .signedIn, use: show)
        routes.post("billing/plan", .needs(.billingManage), use: change)
    }

    struct FeatureDTO: Codable, Sendable {
        let key: String
        let enabled: Bool
        let requiredPlan: Plan
    }

    struct PlanDTO: ResponseEncodable {
        let plan: Plan
        let features: [FeatureDTO]

        init(_ plan: Plan) {
            self.plan = plan
            features = Feature.allCases.map { FeatureDTO(key: $0.rawValue, enabled: plan.includes($0), requiredPlan: $0.minimumPlan) }
        }
    }

    struct ChangeInput: Decodable { let plan: Plan }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> PlanDTO {
        PlanDTO(context.plan)
    }

    @Sendable func change(_ request: Request, context: TenantRequestContext) async throws -> PlanDTO {
        let input = try await request.decodeJSON(as: ChangeInput.self, context: context)
        return PlanDTO(try await planChange.change(context.identity.tenant, to: input.plan, actor: context.auditActor, now: context.clock.now()))
    }
}
