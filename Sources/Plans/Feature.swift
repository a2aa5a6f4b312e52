/// Feature keys of SPEC §2. A route declares the key it needs; `minimumPlan` is the one table
/// that decides which plan opens it.
public enum Feature: String, Sendable, Codable, CaseIterable {
    // ivory: the core CRM
    case dashboardBasic = "dashboard.basic"
    case calendar
    case clients
    case services
    case invoices
    case paymentsYookassa = "payments.yookassa"
    case messagesManual = "messages.manual"
    case storefrontBasic = "storefront.basic"
    case portfolioManual = "portfolio.manual"
    case reviewsLinks = "reviews.links"
    case analyticsBasic = "analytics.basic"
    case integrationsBasic = "integrations.basic"
    // veloria
    case aiNoShow = "ai.no_show"
    case aiUpsell = "ai.upsell"
    case aiWaitlist = "ai.waitlist"
    case waitlistSmart = "waitlist.smart"
    case clientsFitScore = "clients.fit_score"
    case clientsAutotags = "clients.autotags"
    case servicesRecommendations = "services.recommendations"
    case paymentsPrepayHold = "payments.prepay_hold"
    case messagesTriggers = "messages.triggers"
    case messagesAutoReminders = "messages.auto_reminders"
    case telegramReception = "telegram.reception"
    case marketingFlows = "marketing.flows"
    case marketingAB = "marketing.ab"
    case storefrontBranding = "storefront.branding"
    case portfolioCurator = "portfolio.curator"
    case reviewsMaestro = "reviews.maestro"
    case analyticsMargin = "analytics.margin"
    case integrationsGcal1Way = "integrations.gcal_1way"
    case security2FA = "security.2fa"
    // imperium
    case aiVoiceNotes = "ai.voice_notes"
    case dashboardProfitMap = "dashboard.profit_map"
    case pricingDynamic = "pricing.dynamic"
    case calendarAutofill = "calendar.autofill"
    case calendarConflictResolver = "calendar.conflict_resolver"
    case clientsCarePlans = "clients.care_plans"
    case paymentsPartial = "payments.partial"
    case paymentsAutoRefund = "payments.auto_refund"
    case messagesSequences = "messages.sequences"
    case messagesThrottling = "messages.throttling"
    case marketingFlowsPro = "marketing.flows_pro"
    case storefrontWhitelabel = "storefront.whitelabel"
    case portfolioPro = "portfolio.pro"
    case reviewsPro = "reviews.pro"
    case analyticsCohorts = "analytics.cohorts"
    case analyticsExport = "analytics.export"
    case integrationsGcal2Way = "integrations.gcal_2way"
    case integrationsWebhooks = "integrations.webhooks"
    case integrationsDevConsole = "integrations.dev_console"
    case automationRules = "automation.rules"
    case securityAudit = "security.audit"
    case securityBackups = "security.backups"

    /// The lowest plan that opens this feature (SPEC §2 table).
    public var minimumPlan: Plan {
        switch self {
        case .dashboardBasic, .calendar, .clients, .services, .invoices, .paymentsYookassa, .messagesManual, .storefrontBasic,
            .portfolioManual, .reviewsLinks, .analyticsBasic, .integrationsBasic:
            .ivory
        case .aiNoShow, .aiUpsell, .aiWaitlist, .waitlistSmart, .clientsFitScore, .clientsAutotags, .servicesRecommendations,
            .paymentsPrepayHold, .messagesTriggers, .messagesAutoReminders, .telegramReception, .marketingFlows, .marketingAB,
            .storefrontBranding, .portfolioCurator, .reviewsMaestro, .analyticsMargin, .integrationsGcal1Way, .security2FA:
            .veloria
        case .aiVoiceNotes, .dashboardProfitMap, .pricingDynamic, .calendarAutofill, .calendarConflictResolver, .clientsCarePlans,
            .paymentsPartial, .paymentsAutoRefund, .messagesSequences, .messagesThrottling, .marketingFlowsPro, .storefrontWhitelabel,
            .portfolioPro, .reviewsPro, .analyticsCohorts, .analyticsExport, .integrationsGcal2Way, .integrationsWebhooks,
            .integrationsDevConsole, .automationRules, .securityAudit, .securityBackups:
            .imperium
        }
    }
}
