import CRMCore
import Foundation
import SQLKit

/// The `storefront_settings` row of a studio (one at most), and the lookup of a custom host.
struct StorefrontSettingsRepository: Sendable {
    let sql: any SQLDatabase

    struct Row: Decodable {
        let customHost: String?
        let captchaEnabled: Bool
        let captchaSiteKey: String?
        let captchaServerKey: String?
        let phoneDailyLimit: Int
        let phoneUpcomingLimit: Int
    }

    func read(_ tenantId: TenantID) async throws -> StorefrontSettings {
        guard
            let row = try await sql.raw(
                """
                SELECT custom_host, captcha_enabled, captcha_site_key, captcha_server_key, phone_daily_limit, phone_upcoming_limit
                FROM storefront_settings WHERE tenant_id = \(bind: tenantId)
                """
            ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { return .defaults }
        return StorefrontSettings(
            customHost: row.customHost, captchaEnabled: row.captchaEnabled, captchaSiteKey: row.captchaSiteKey, sealedServerKey: row.captchaServerKey,
            phoneDailyLimit: row.phoneDailyLimit, phoneUpcomingLimit: row.phoneUpcomingLimit)
    }

    func save(_ settings: StorefrontSettings, tenantId: TenantID, by user: UserID?, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO storefront_settings
                (tenant_id, custom_host, captcha_enabled, captcha_site_key, captcha_server_key, phone_daily_limit, phone_upcoming_limit,
                 updated_by, updated_at)
            VALUES (\(bind: tenantId), \(bind: settings.customHost), \(bind: settings.captchaEnabled), \(bind: settings.captchaSiteKey),
                    \(bind: settings.sealedServerKey), \(bind: settings.phoneDailyLimit), \(bind: settings.phoneUpcomingLimit),
                    \(bind: user), \(bind: now))
            ON CONFLICT (tenant_id) DO UPDATE SET
                custom_host = excluded.custom_host, captcha_enabled = excluded.captcha_enabled,
                captcha_site_key = excluded.captcha_site_key, captcha_server_key = excluded.captcha_server_key,
                phone_daily_limit = excluded.phone_daily_limit, phone_upcoming_limit = excluded.phone_upcoming_limit,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """
        ).run()
    }

    /// Whether another studio has `host`.
    func hostTaken(_ host: String, except tenantId: TenantID) async throws -> Bool {
        try await sql.raw(
            "SELECT tenant_id FROM storefront_settings WHERE custom_host = \(bind: host) AND tenant_id <> \(bind: tenantId)"
        ).first() != nil
    }

    /// The studio whose host name `host` is.
    func tenant(forHost host: String) async throws -> TenantID? {
        struct Found: Decodable { let tenantId: TenantID }
        return try await sql.raw("SELECT tenant_id FROM storefront_settings WHERE custom_host = \(bind: host)")
            .first(decoding: Found.self, keyDecodingStrategy: .convertFromSnakeCase)?.tenantId
    }
}
