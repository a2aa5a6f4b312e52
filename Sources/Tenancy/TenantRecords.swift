import CRMCore
import Foundation
import SQLKit

/// Reading a tenant row outside a request (jobs, webhooks).
public enum TenantRecords {
    public static func find(_ id: TenantID, on sql: any SQLDatabase) async throws -> Tenant? {
        try await sql.raw(
            """
            SELECT id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at
            FROM tenants WHERE id = \(bind: id)
            """
        ).first(decoding: Tenant.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public static func zone(of tenant: Tenant) -> TimeZone {
        TenantTime.zone(named: tenant.timezone) ?? TimeZone(identifier: "UTC")!
    }
}

extension TenantRecords {
    /// The tenant of a public URL (webhooks, pay links).
    public static func find(slug: String, on sql: any SQLDatabase) async throws -> Tenant? {
        try await sql.raw(
            """
            SELECT id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at
            FROM tenants WHERE slug = \(bind: slug)
            """
        ).first(decoding: Tenant.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

extension TenantRecords {
    /// The studio's IANA timezone name as stored.
    public static func timezone(of id: TenantID, on sql: any SQLDatabase) async throws -> String? {
        struct Row: Decodable { let timezone: String }
        return try await sql.select().column("timezone").from("tenants").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self)?.timezone
    }

    /// What a public calendar feed shows of its studio and needs to decide whether to answer.
    public struct FeedStudio: Decodable, Sendable {
        public let name: String
        public let timezone: String
        public let plan: String
        public let status: String
    }

    public static func feedStudio(_ id: TenantID, on sql: any SQLDatabase) async throws -> FeedStudio? {
        try await sql.raw("SELECT name, timezone, plan, status FROM tenants WHERE id = \(bind: id)")
            .first(decoding: FeedStudio.self)
    }

    /// The studio's language, timezone and currency (the locale settings section), in the caller's transaction.
    public static func updateLocale(_ id: TenantID, locale: String, timezone: String, currency: String, now: Date, on sql: any SQLDatabase)
        async throws
    {
        try await sql.raw(
            """
            UPDATE tenants SET locale = \(bind: locale), timezone = \(bind: timezone),
                   currency = \(bind: currency), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }
}

extension TenantRecords {
    /// Every tenant of the deployment whose status is `active` (maintenance commands, nightly sweeps).
    public static func active(on sql: any SQLDatabase) async throws -> [Tenant] {
        try await sql.raw(
            """
            SELECT id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at
            FROM tenants WHERE status = 'active' ORDER BY created_at, id
            """
        ).all(decoding: Tenant.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
