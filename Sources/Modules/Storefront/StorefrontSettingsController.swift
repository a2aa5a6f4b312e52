import CRMCore
import Foundation
import Hummingbird
import Messaging
import Plans
import SQLKit
import Tenancy

/// `GET/PUT /storefront/settings`: the public booking link, the captcha, the limits per phone and
/// the studio's own host name. Every role reads (nothing secret is answered: the captcha's server
/// key only as `captchaServerKeySet`); changing needs `settings.write`, and a host name the
/// `storefront.whitelabel` feature. The studio's colours and logo are the `branding` settings
/// section (`storefront.branding`).
public struct StorefrontSettingsController: Sendable {
    let service: StorefrontSettingsService

    public init(service: StorefrontSettingsService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("storefront/settings", .feature(.storefrontBasic), use: show)
        routes.put("storefront/settings", .needs(.settingsWrite, feature: .storefrontBasic), use: update)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> StorefrontSettingsDTO {
        try await service.answer(context.scope)
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> StorefrontSettingsDTO {
        let fields = try await BodyFields.decode(request, context: context)
        _ = try await service.update(StorefrontSettingsInput.read(fields), scope: context.scope)
        return try await service.answer(context.scope)
    }
}

/// What `PUT /storefront/settings` may change; absent keys keep their values.
struct StorefrontSettingsInput: Sendable {
    var captchaEnabled: BodyField<Bool>
    var captchaSiteKey: BodyField<String>
    var captchaServerKey: BodyField<String>
    var phoneDailyLimit: BodyField<Int>
    var phoneUpcomingLimit: BodyField<Int>
    var customHost: BodyField<String>
    var problems: [String: String]

    static func read(_ body: BodyFields) -> StorefrontSettingsInput {
        var fields = body
        let enabled = fields.bool("captchaEnabled")
        let siteKey = fields.text("captchaSiteKey", maxLength: 200)
        let serverKey = fields.text("captchaServerKey", maxLength: 200)
        let daily = fields.integer("phoneDailyLimit")
        let upcoming = fields.integer("phoneUpcomingLimit")
        let host = fields.text("customHost", maxLength: 253)
        fields.require("captchaEnabled", enabled, creating: false)
        fields.require("phoneDailyLimit", daily, creating: false)
        fields.require("phoneUpcomingLimit", upcoming, creating: false)
        for (name, value) in [("phoneDailyLimit", daily), ("phoneUpcomingLimit", upcoming)] {
            if let value = value.value, !StorefrontSettings.limitRange.contains(value) { fields.problem(name, "out_of_range") }
        }
        var normalizedHost = host
        if let text = host.value {
            if let normal = CustomHost.normalized(text) { normalizedHost = .value(normal) } else { fields.problem("customHost", "invalid") }
        }
        for (name, value) in [("captchaSiteKey", siteKey), ("captchaServerKey", serverKey)] {
            if let text = value.value, !text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) { fields.problem(name, "invalid") }
        }
        return StorefrontSettingsInput(
            captchaEnabled: enabled, captchaSiteKey: siteKey, captchaServerKey: serverKey, phoneDailyLimit: daily, phoneUpcomingLimit: upcoming,
            customHost: normalizedHost, problems: fields.problems)
    }
}

/// The storefront settings as the studio's staff see them.
struct StorefrontSettingsDTO: ResponseEncodable, Sendable {
    let slug: String
    /// The public booking page of the studio.
    let bookingUrl: String
    let captchaEnabled: Bool
    let captchaSiteKey: String?
    let captchaServerKeySet: Bool
    let phoneDailyLimit: Int
    let phoneUpcomingLimit: Int
    /// Online bookings one address may submit an hour (the deployment's `RATE_LIMIT_BOOKINGS`; 0: no limit).
    let bookingsPerIpPerHour: Int
    let customHost: String?
    /// Whether the plan lets the host name answer (`storefront.whitelabel`).
    let customHostActive: Bool
    /// `https://t.me/<bot>`: where clients book in Telegram (nil without a bot or `telegram.reception`).
    var telegramBotUrl: String? = nil
    /// The Mini App's address (`/tg/{slug}`), the bot's menu button; nil without `telegram.reception`.
    var miniAppUrl: String? = nil

    enum CodingKeys: String, CodingKey {
        case slug, bookingUrl, captchaEnabled, captchaSiteKey, captchaServerKeySet, phoneDailyLimit, phoneUpcomingLimit, bookingsPerIpPerHour
        case customHost, customHostActive, telegramBotUrl, miniAppUrl
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(bookingUrl, forKey: .bookingUrl)
        try c.encode(captchaEnabled, forKey: .captchaEnabled)
        try c.encode(captchaSiteKey, forKey: .captchaSiteKey)
        try c.encode(captchaServerKeySet, forKey: .captchaServerKeySet)
        try c.encode(phoneDailyLimit, forKey: .phoneDailyLimit)
        try c.encode(phoneUpcomingLimit, forKey: .phoneUpcomingLimit)
        try c.encode(bookingsPerIpPerHour, forKey: .bookingsPerIpPerHour)
        try c.encode(customHost, forKey: .customHost)
        try c.encode(customHostActive, forKey: .customHostActive)
        try c.encode(telegramBotUrl, forKey: .telegramBotUrl)
        try c.encode(miniAppUrl, forKey: .miniAppUrl)
    }
}

public struct StorefrontSettingsService: Sendable {
    let database: Database
    let captcha: StorefrontCaptcha
    let publicBaseURL: String
    let bookingsPerIpPerHour: Int
    let bots: any TelegramBotDirectory

    public init(
        database: Database, captcha: StorefrontCaptcha, publicBaseURL: String, bookingsPerIpPerHour: Int,
        bots: any TelegramBotDirectory = NoTelegramBots()
    ) {
        self.bots = bots
        self.database = database
        self.captcha = captcha
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.bookingsPerIpPerHour = bookingsPerIpPerHour
    }

    func repository(_ sql: any SQLDatabase) -> StorefrontSettingsRepository { StorefrontSettingsRepository(sql: sql) }

    func answer(_ scope: TenantScope) async throws -> StorefrontSettingsDTO {
        var answer = dto(try await repository(database.sql).read(scope.tenantId), tenant: scope.tenant)
        if scope.plan.includes(.telegramReception) {
            answer.miniAppUrl = "\(publicBaseURL)/tg/\(scope.tenant.slug)"
            answer.telegramBotUrl = try await bots.telegramBot(tenant: scope.tenantId)?.username.map { "https://t.me/\($0)" }
        }
        return answer
    }

    func dto(_ settings: StorefrontSettings, tenant: Tenant) -> StorefrontSettingsDTO {
        StorefrontSettingsDTO(
            slug: tenant.slug, bookingUrl: "\(publicBaseURL)/book/\(tenant.slug)", captchaEnabled: settings.captchaEnabled,
            captchaSiteKey: settings.captchaSiteKey, captchaServerKeySet: settings.sealedServerKey != nil, phoneDailyLimit: settings.phoneDailyLimit,
            phoneUpcomingLimit: settings.phoneUpcomingLimit, bookingsPerIpPerHour: bookingsPerIpPerHour, customHost: settings.customHost,
            customHostActive: settings.customHost != nil && tenant.plan.includes(.storefrontWhitelabel))
    }

    func update(_ input: StorefrontSettingsInput, scope: TenantScope) async throws -> StorefrontSettingsDTO {
        guard input.problems.isEmpty else { throw AppError.validation(input.problems) }
        // A host name is white-label: setting one needs the plan (clearing it never does).
        if input.customHost.value != nil { try PlanGate.check(.storefrontWhitelabel, plan: scope.plan) }
        let now = scope.clock.now()
        let tenantId = scope.tenantId
        let sealedKey = try input.captchaServerKey.value.map { try captcha.box.seal($0) }
        do {
            return try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = repository(sql)
                let before = try await repository.read(tenantId)
                var after = before
                if let value = input.captchaEnabled.value { after.captchaEnabled = value }
                if !input.captchaSiteKey.isAbsent { after.captchaSiteKey = input.captchaSiteKey.value }
                if !input.captchaServerKey.isAbsent { after.sealedServerKey = sealedKey }
                if let value = input.phoneDailyLimit.value { after.phoneDailyLimit = value }
                if let value = input.phoneUpcomingLimit.value { after.phoneUpcomingLimit = value }
                if !input.customHost.isAbsent { after.customHost = input.customHost.value }
                var problems: [String: String] = [:]
                if after.captchaEnabled {
                    if after.captchaSiteKey == nil { problems["captchaSiteKey"] = "required" }
                    if after.sealedServerKey == nil { problems["captchaServerKey"] = "required" }
                }
                guard problems.isEmpty else { throw AppError.validation(problems) }
                if let host = after.customHost, host != before.customHost, try await repository.hostTaken(host, except: tenantId) {
                    throw Self.hostTaken
                }
                // The same server key entered again is sealed with a new nonce: compare what was asked, not the ciphertext.
                guard after != before || !input.captchaServerKey.isAbsent else { return (dto(before, tenant: scope.tenant), []) }
                try await repository.save(after, tenantId: tenantId, by: scope.userId, now: now)
                let record = MutationRecord(
                    action: "storefront_settings.updated", entityType: "storefront_settings", entityId: tenantId.description,
                    before: before.auditSnapshot, after: after.auditSnapshot)
                return (dto(after, tenant: scope.tenant), [record])
            }
        } catch let error where UniqueViolation.matches(error) {
            // Two studios claimed the same host at once: the unique index let one through.
            throw Self.hostTaken
        }
    }

    static let hostTaken = AppError.conflict("custom_host_taken", fields: ["customHost": "taken"])
}
