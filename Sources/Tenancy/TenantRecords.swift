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
