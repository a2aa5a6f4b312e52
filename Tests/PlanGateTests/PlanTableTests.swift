import Testing

@testable import Plans

@Suite struct PlanTableTests {
    /// SPEC §2, written out independently of `Feature.minimumPlan` so a wrong row in the code fails.
    static let specTable: [String: Plan] = {
        var table: [String: Plan] = [:]
        let ivory = [
            "dashboard.basic", "calendar", "clients", "services", "invoices", "payments.yookassa", "messages.manual", "storefront.basic",
            "portfolio.manual", "reviews.links", "analytics.basic", "integrations.basic",
        ]
        let veloria = [
            "ai.no_show", "ai.upsell", "ai.waitlist", "waitlist.smart", "clients.fit_score", "clients.autotags", "services.recommendations",
            "payments.prepay_hold", "messages.triggers", "messages.auto_reminders", "telegram.reception", "marketing.flows", "marketing.ab",
            "storefront.branding", "portfolio.curator", "reviews.maestro", "analytics.margin", "integrations.gcal_1way", "security.2fa",
        ]
        let imperium = [
            "ai.voice_notes", "dashboard.profit_map", "pricing.dynamic", "calendar.autofill", "calendar.conflict_resolver",
            "clients.care_plans", "payments.partial", "payments.auto_refund", "messages.sequences", "messages.throttling",
            "marketing.flows_pro", "storefront.whitelabel", "portfolio.pro", "reviews.pro", "analytics.cohorts", "analytics.export",
            "integrations.gcal_2way", "integrations.webhooks", "integrations.dev_console", "automation.rules", "security.audit",
            "security.backups",
        ]
        for key in ivory { table[key] = .ivory }
        for key in veloria { table[key] = .veloria }
        for key in imperium { table[key] = .imperium }
        return table
    }()

    @Test func everyFeatureKeyOfTheSpecExistsAndNoOther() {
        #expect(Set(Feature.allCases.map(\.rawValue)) == Set(Self.specTable.keys))
    }

    @Test(arguments: Feature.allCases, Plan.allCases)
    func featureIsOpenExactlyFromItsMinimumPlan(feature: Feature, plan: Plan) throws {
        // given
        let minimum = try #require(Self.specTable[feature.rawValue])
        // then
        #expect(feature.minimumPlan == minimum)
        #expect(plan.includes(feature) == (plan >= minimum))
    }

    @Test func plansAreOrdered() {
        #expect(Plan.ivory < Plan.veloria && Plan.veloria < Plan.imperium)
        #expect(Plan.allCases.sorted() == [.ivory, .veloria, .imperium])
        #expect(Plan.ivory.enabledFeatures.count == 12)
        #expect(Plan.imperium.enabledFeatures.count == Feature.allCases.count)
    }
}
