import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TestSupport

@testable import Plans

/// A context whose plan comes from a switch the test flips, standing in for the tenant context.
struct GatedContext: PlanScopedContext {
    var coreContext: CoreRequestContextStorage
    var requestId = ""
    var clock: any AppClock = SystemClock()
    var locale: AppLocale = .en
    var remoteAddress: String? = nil
    var plan: Plan = .ivory

    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
}

final class PlanSwitch: Sendable {
    let current = Mutex(Plan.ivory)
}

/// Sets the context's plan from the switch, as the tenant context will from the tenant row.
struct PlanFromSwitch: RouterMiddleware {
    let planSwitch: PlanSwitch
    func handle(_ request: Request, context: GatedContext, next: (Request, GatedContext) async throws -> Response) async throws -> Response {
        var context = context
        context.plan = planSwitch.current.withLock { $0 }
        return try await next(request, context)
    }
}

@Suite struct FeatureGateMiddlewareTests {
    static let langDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lang")

    func makeApp(_ planSwitch: PlanSwitch) throws -> some ApplicationProtocol {
        let catalog = try MessageCatalog.load(from: Self.langDirectory, defaultLocale: .en)
        let router = Router(context: GatedContext.self)
        router.add(middleware: RequestContextMiddleware(clock: FixedClock(Date(timeIntervalSince1970: 0)), defaultLocale: .en))
        router.add(middleware: ErrorMiddleware(catalog: catalog, routes: RouteIndex()))
        router.add(middleware: PlanFromSwitch(planSwitch: planSwitch))
        router.group("automation").add(middleware: FeatureGateMiddleware(.automationRules)).get("rules") { _, _ in "rules" }
        router.group("clients").add(middleware: FeatureGateMiddleware(.clients)).get("") { _, _ in "clients" }
        return Application(router: router, logger: testLogger)
    }

    struct ErrorBody: Decodable {
        struct Inner: Decodable {
            let code: String
            let message: String
            let details: [String: String]
            let requestId: String
        }
        let error: Inner
    }

    @Test func belowThePlanTheAnswerIs403WithFeatureAndPlans() async throws {
        try await makeApp(PlanSwitch()).test(.router) { client in
            try await client.execute(uri: "/automation/rules", method: .get) { response in
                #expect(response.status == .forbidden)
                let body = try JSONDecoder().decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "feature_not_allowed")
                #expect(body.error.details == ["feature": "automation.rules", "requiredPlan": "imperium", "currentPlan": "ivory"])
                #expect(body.error.message == "Your plan does not include automation.rules. It is available from the imperium plan.")
                #expect(body.error.requestId == response.headers[.xRequestId])
            }
            try await client.execute(uri: "/clients", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func upgradeAndDowngradeTakeEffectOnTheNextRequest() async throws {
        let planSwitch = PlanSwitch()
        try await makeApp(planSwitch).test(.router) { client in
            let onIvory = try await client.execute(uri: "/automation/rules", method: .get).status
            planSwitch.current.withLock { $0 = .imperium }
            let afterUpgrade = try await client.execute(uri: "/automation/rules", method: .get).status
            planSwitch.current.withLock { $0 = .veloria }
            let afterDowngrade = try await client.execute(uri: "/automation/rules", method: .get).status
            #expect([onIvory, afterUpgrade, afterDowngrade] == [.forbidden, .ok, .forbidden])
        }
    }

    @Test(arguments: Feature.allCases, Plan.allCases)
    func theGateAgreesWithTheTable(feature: Feature, plan: Plan) {
        let error: AppError? = {
            do throws(AppError) {
                try PlanGate.check(feature, plan: plan)
                return nil
            } catch { return error }
        }()
        #expect((error == nil) == (plan >= feature.minimumPlan))
        if let error {
            #expect(error.status == .forbidden)
            #expect(error.details?["requiredPlan"] == .string(feature.minimumPlan.rawValue))
            #expect(error.details?["currentPlan"] == .string(plan.rawValue))
        }
    }
}
