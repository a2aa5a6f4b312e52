import CRMCore
import Foundation
import Plans
import Tenancy
import SQLKit

/// Reads and changes a tenant's settings sections. Other modules read typed sections through
/// `read(_:tenant:)`; a section never saved answers its defaults, so a new studio starts with
/// reminders at 24 h and 3 h, channels telegram → sms → email and quiet hours 21:00–09:00.
public struct SettingsService: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    func repository(_ tenantId: TenantID) -> SettingsRepository { SettingsRepository(sql: database.sql, tenantId: tenantId) }

    /// The section as the studio has it now (stored values over the defaults).
    public func read<Section: SettingsSection>(_ type: Section.Type, tenant: Tenant) async throws -> Section {
        try await read(type, tenant: tenant, on: database.sql)
    }

    /// The section as `read(_:tenant:)` answers it, read on `sql`: inside a caller's transaction,
    /// on its own connection (a second one from the pool while the transaction holds the write
    /// lock can wait for a connection that waits for that lock).
    public func read<Section: SettingsSection>(_ type: Section.Type, tenant: Tenant, on sql: any SQLDatabase) async throws -> Section {
        let stored = try await SettingsRepository(sql: sql, tenantId: tenant.id).stored(Section.key)
        if Section.self == LocaleSettings.self {
            let country: String? = stored.flatMap { if case .object(let o) = $0, case .string(let c) = o["country"] { c } else { nil } }
            return LocaleSettings.derived(from: tenant, country: country) as! Section
        }
        guard let stored else { return Section.defaults }
        // Stored values were valid when written; a key added to the section later falls back to
        // its default through the merge.
        return (try? Section.applying(stored, to: Section.defaults)) ?? Section.defaults
    }

    /// The values the studio saved in a section, by field; a field never saved is absent (its
    /// default applies). The storefront answers only what a studio chose, not the defaults.
    public func storedFields(_ key: SettingsSectionKey, tenantId: TenantID) async throws -> [String: JSONValue] {
        guard case .object(let fields)? = try await repository(tenantId).stored(key) else { return [:] }
        return fields
    }

    /// `GET /settings/{section}` as JSON.
    func json(of key: SettingsSectionKey, scope: TenantScope) async throws -> JSONValue {
        try Self.gate(key, plan: scope.plan)
        switch key {
        case .business: return try (try await read(BusinessSettings.self, tenant: scope.tenant)).json
        case .cancellation: return try (try await read(CancellationSettings.self, tenant: scope.tenant)).json
        case .deposit: return try (try await read(DepositSettings.self, tenant: scope.tenant)).json
        case .notifications: return try (try await read(NotificationSettings.self, tenant: scope.tenant)).json
        case .branding: return try (try await read(BrandingSettings.self, tenant: scope.tenant)).json
        case .locale: return try (try await read(LocaleSettings.self, tenant: scope.tenant)).json
        case .autotags: return try (try await read(AutoTagSettings.self, tenant: scope.tenant)).json
        case .payments: return try (try await read(PaymentSettings.self, tenant: scope.tenant)).json
        case .waitlist: return try (try await read(WaitlistSettings.self, tenant: scope.tenant)).json
        }
    }

    /// `PUT /settings/{section}`: the given keys replace the current values; validated as a
    /// whole, audited with before and after.
    func update(_ key: SettingsSectionKey, with input: JSONValue, scope: TenantScope) async throws -> JSONValue {
        try Self.gateChange(key, plan: scope.plan)
        switch key {
        case .business: return try await save(BusinessSettings.self, input, scope)
        case .cancellation: return try await save(CancellationSettings.self, input, scope)
        case .deposit: return try await save(DepositSettings.self, input, scope)
        case .notifications: return try await save(NotificationSettings.self, input, scope)
        case .branding: return try await save(BrandingSettings.self, input, scope)
        case .autotags: return try await save(AutoTagSettings.self, input, scope)
        case .payments: return try await save(PaymentSettings.self, input, scope)
        case .waitlist: return try await save(WaitlistSettings.self, input, scope)
        case .locale: return try await saveLocale(input, scope)
        }
    }

    /// The auto-tag thresholds belong to the auto-tags feature.
    static func gate(_ key: SettingsSectionKey, plan: Plan) throws {
        if key == .autotags { try PlanGate.check(.clientsAutotags, plan: plan) }
    }

    /// Changing the studio's colours and logo belongs to `storefront.branding`; reading them is
    /// open (a downgraded studio keeps them, and the storefront stops showing them).
    static func gateChange(_ key: SettingsSectionKey, plan: Plan) throws {
        try gate(key, plan: plan)
        if key == .branding { try PlanGate.check(.storefrontBranding, plan: plan) }
        // Reading is open (the waitlist screen shows the switch, locked, below the plan).
        if key == .waitlist { try PlanGate.check(.calendarAutofill, plan: plan) }
    }

    private func save<Section: SettingsSection>(_ type: Section.Type, _ input: JSONValue, _ scope: TenantScope) async throws -> JSONValue {
        let before = try await read(Section.self, tenant: scope.tenant)
        let after = try Section.applying(input, to: before)
        let (beforeJSON, afterJSON) = (try before.json, try after.json)
        guard before != after else { return afterJSON }
        let now = scope.clock.now()
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await repository(scope.tenantId).on(sql).save(Section.key, value: afterJSON, by: scope.userId, now: now)
            return ((), [Self.record(Section.key, before: beforeJSON, after: afterJSON)])
        }
        return afterJSON
    }

    private func saveLocale(_ input: JSONValue, _ scope: TenantScope) async throws -> JSONValue {
        let tenant = scope.tenant
        let before = try await read(LocaleSettings.self, tenant: tenant)
        let after = try LocaleSettings.applying(input, to: before)
        let (beforeJSON, afterJSON) = (try before.json, try after.json)
        guard before != after else { return afterJSON }
        // Every stored local time of the studio is read in its timezone and every amount in its
        // currency: only the owner moves them.
        for field in ["timezone", "currency"] where scope.role != .owner {
            let changed = field == "timezone" ? before.timezone != after.timezone : before.currency != after.currency
            if changed { throw AppError.forbidden("owner_only", details: ["field": .string(field)]) }
        }
        let now = scope.clock.now()
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await TenantRecords.updateLocale(
                tenant.id, locale: after.language.rawValue, timezone: after.timezone, currency: after.currency, now: now, on: sql)
            try await repository(scope.tenantId).on(sql).save(
                .locale, value: .object(["country": .string(after.country)]), by: scope.userId, now: now)
            var records = [Self.record(.locale, before: beforeJSON, after: afterJSON)]
            if before.timezone != after.timezone {
                records.append(
                    MutationRecord(
                        action: "tenant.timezone_changed", entityType: "tenant", entityId: tenant.id.description,
                        before: .object(["timezone": .string(before.timezone)]), after: .object(["timezone": .string(after.timezone)])))
            }
            return ((), records)
        }
        return afterJSON
    }

    static func record(_ key: SettingsSectionKey, before: JSONValue, after: JSONValue) -> MutationRecord {
        MutationRecord(action: "settings.updated", entityType: "settings", entityId: key.rawValue, before: before, after: after)
    }
}
