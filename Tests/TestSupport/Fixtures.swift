import CRMCore
import Foundation
import Plans
import SQLKit
import Tenancy

/// Builders for test data. Each call makes unique slugs and emails so tests never collide.
public enum Fixtures {
    /// A tenant with its owner, created through the real provisioning path.
    public static func tenant(
        in database: Database, name: String = "Studio", timezone: String = "Europe/London", locale: AppLocale = .en,
        now: Date = Date(timeIntervalSince1970: 1_780_000_000)
    ) async throws -> (tenant: Tenant, owner: User) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return try await TenantProvisioning(database: database, defaults: .init(timezone: timezone, locale: locale, currency: "RUB"), bcryptCost: 10)
            .create(
                .init(
                    name: "\(name) \(suffix)", slug: "studio-\(suffix)", timezone: timezone, locale: locale, ownerName: "Owner \(suffix)",
                    ownerEmail: "owner-\(suffix)@example.test", ownerPassword: "correct horse battery"),
                now: now)
    }
}

extension Fixtures {
    public static let password = "correct horse battery"

    /// A staff user of `tenant` with `role`, inserted directly (no invitation round trip).
    public static func user(
        in database: Database, tenant: Tenant, role: Role, status: UserStatus = .active, name: String? = nil, phone: String? = nil,
        now: Date = Date(timeIntervalSince1970: 1_780_000_000)
    ) async throws -> User {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let user = User(
            id: .random(), tenantId: tenant.id, name: name ?? "\(role.rawValue) \(suffix)", email: "\(role.rawValue)-\(suffix)@example.test",
            phone: phone, role: role, status: status, timezone: nil, locale: nil, lastLoginAt: nil, createdAt: now, updatedAt: now)
        let hash = try await PasswordPolicy.hash(password, cost: 10)
        try await UserRepository(sql: database.sql, tenantId: tenant.id).insert(user, passwordHash: hash)
        return user
    }

    /// A personal access token of `user`: `Authorization: Bearer <secret>`, no CSRF needed.
    public static func bearer(in database: Database, for user: User, now: Date = Date(timeIntervalSince1970: 1_780_000_000)) async throws -> String {
        try await AccessTokenStore(sql: database.sql, tenantId: user.tenantId, userId: user.id).create(name: "test", expiresAt: nil, now: now).secret
    }

    public static func setPlan(in database: Database, tenant: Tenant, _ plan: Plan) async throws {
        try await database.sql.raw("UPDATE tenants SET plan = \(bind: plan.rawValue) WHERE id = \(bind: tenant.id)").run()
    }
}
