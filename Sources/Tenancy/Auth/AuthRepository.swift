import CRMCore
import Foundation
import Plans
import SQLKit

/// SQL of authentication. Unlike tenant repositories it looks credentials up across tenants:
/// the credential is what names the tenant.
public struct AuthRepository: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    /// Tenant and user columns, aliased so one flat row decodes both.
    static let identityColumns: SQLQueryString = """
        t.id AS t_id, t.name AS t_name, t.slug AS t_slug, t.plan AS t_plan, t.status AS t_status, t.timezone AS t_timezone,
        t.locale AS t_locale, t.currency AS t_currency, t.created_at AS t_created_at, t.updated_at AS t_updated_at,
        u.id AS u_id, u.name AS u_name, u.email AS u_email, u.phone AS u_phone, u.role AS u_role, u.status AS u_status,
        u.timezone AS u_timezone, u.locale AS u_locale, u.last_login_at AS u_last_login_at, u.created_at AS u_created_at,
        u.updated_at AS u_updated_at
        """

    struct IdentityRow: Decodable {
        let tId: TenantID, tName: String, tSlug: String, tPlan: Plan, tStatus: TenantStatus, tTimezone: String, tLocale: AppLocale
        let tCurrency: String, tCreatedAt: Date, tUpdatedAt: Date
        let uId: UserID, uName: String, uEmail: String, uPhone: String?, uRole: Role, uStatus: UserStatus, uTimezone: String?
        let uLocale: AppLocale?, uLastLoginAt: Date?, uCreatedAt: Date, uUpdatedAt: Date

        var tenant: Tenant {
            Tenant(
                id: tId, name: tName, slug: tSlug, plan: tPlan, status: tStatus, timezone: tTimezone, locale: tLocale, currency: tCurrency,
                createdAt: tCreatedAt, updatedAt: tUpdatedAt)
        }
        var user: User {
            User(
                id: uId, tenantId: tId, name: uName, email: uEmail, phone: uPhone, role: uRole, status: uStatus, timezone: uTimezone,
                locale: uLocale, lastLoginAt: uLastLoginAt, createdAt: uCreatedAt, updatedAt: uUpdatedAt)
        }
    }

    struct SessionRow: Decodable {
        let sId: UUID
        let sCsrfToken: String
    }

    /// The identity behind a live session of an active user of an active tenant.
    public func identity(sessionTokenHash hash: String, now: Date) async throws -> Identity? {
        let query: SQLQueryString =
            "SELECT s.id AS s_id, s.csrf_token AS s_csrf_token, " + Self.identityColumns
                + """
                 FROM sessions s
                JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
                JOIN tenants t ON t.id = s.tenant_id
                WHERE s.token_hash = \(bind: hash) AND s.revoked_at IS NULL AND s.expires_at > \(bind: now)
                  AND u.status = 'active'
                """
        guard let row = try await sql.raw(query).first() else { return nil }
        let identity = try row.decode(model: IdentityRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let session = try row.decode(model: SessionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Identity(tenant: identity.tenant, user: identity.user, credential: .session(id: session.sId, csrfToken: session.sCsrfToken))
    }

    /// The identity behind a live access token, whatever its studio's status (the middleware
    /// refuses a suspended or closed studio by name); notes its use at most once a minute.
    public func identity(accessTokenHash hash: String, now: Date) async throws -> Identity? {
        let query: SQLQueryString =
            "SELECT a.id AS a_id, a.last_used_at AS a_last_used_at, " + Self.identityColumns
                + """
                 FROM access_tokens a
                JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
                JOIN tenants t ON t.id = a.tenant_id
                WHERE a.token_hash = \(bind: hash) AND a.revoked_at IS NULL AND (a.expires_at IS NULL OR a.expires_at > \(bind: now))
                  AND u.status = 'active'
                """
        guard let row = try await sql.raw(query).first() else { return nil }
        let identity = try row.decode(model: IdentityRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let tokenId = try row.decode(column: "a_id", as: UUID.self)
        // The write only when the minute has passed: a read-only request of a busy token then
        // costs one SELECT, not a write that queues behind every booking (SQLite has one writer).
        let lastUsed = try row.decode(column: "a_last_used_at", as: Date?.self)
        if let lastUsed, lastUsed >= now.addingTimeInterval(-60) {
            return Identity(tenant: identity.tenant, user: identity.user, credential: .accessToken(id: tokenId))
        }
        try await sql.raw(
            """
            UPDATE access_tokens SET last_used_at = \(bind: now)
            WHERE tenant_id = \(bind: identity.tId) AND id = \(bind: tokenId)
              AND (last_used_at IS NULL OR last_used_at < \(bind: now.addingTimeInterval(-60)))
            """
        ).run()
        return Identity(tenant: identity.tenant, user: identity.user, credential: .accessToken(id: tokenId))
    }

    public struct LoginCandidate: Sendable {
        public let tenant: Tenant
        public let user: User
        public let passwordHash: String
    }

    /// The user who signs in with `email`, whatever their status (the caller decides).
    public func loginCandidate(email: String) async throws -> LoginCandidate? {
        let query: SQLQueryString =
            "SELECT u.password_hash AS password_hash, " + Self.identityColumns
                + """
                 FROM users u JOIN tenants t ON t.id = u.tenant_id
                WHERE u.email_normalized = \(bind: User.normalizedEmail(email))
                """
        guard let row = try await sql.raw(query).first() else { return nil }
        let identity = try row.decode(model: IdentityRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return LoginCandidate(tenant: identity.tenant, user: identity.user, passwordHash: try row.decode(column: "password_hash", as: String.self))
    }

    public func createSession(
        tenantId: TenantID, userId: UserID, tokenHash: String, csrfToken: String, ip: String?, userAgent: String?, now: Date, expiresAt: Date
    ) async throws -> UUID {
        let id = UUID()
        try await sql.raw(
            """
            INSERT INTO sessions (tenant_id, id, user_id, token_hash, csrf_token, ip, user_agent, created_at, expires_at)
            VALUES (\(bind: tenantId), \(bind: id), \(bind: userId), \(bind: tokenHash), \(bind: csrfToken), \(bind: ip),
                    \(bind: userAgent), \(bind: now), \(bind: expiresAt))
            """
        ).run()
        try await sql.raw("UPDATE users SET last_login_at = \(bind: now) WHERE tenant_id = \(bind: tenantId) AND id = \(bind: userId)").run()
        return id
    }

    public func revokeSession(tenantId: TenantID, id: UUID, now: Date) async throws {
        try await sql.raw(
            "UPDATE sessions SET revoked_at = \(bind: now) WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND revoked_at IS NULL"
        ).run()
    }

    // MARK: login failures (rate limiting)

    public func recordFailure(scopes: [String], at now: Date) async throws {
        for scope in scopes {
            try await sql.raw("INSERT INTO login_failures (scope, failed_at) VALUES (\(bind: scope), \(bind: now))").run()
        }
    }

    /// Failures of `scope` since `since`, oldest first. Older ones no longer count and are deleted
    /// here, so the table holds one window's worth per scope.
    public func failures(scope: String, since: Date) async throws -> [Date] {
        struct Row: Decodable { let failedAt: Date }
        try await sql.raw("DELETE FROM login_failures WHERE scope = \(bind: scope) AND failed_at <= \(bind: since)").run()
        return try await sql.raw(
            "SELECT failed_at FROM login_failures WHERE scope = \(bind: scope) AND failed_at > \(bind: since) ORDER BY failed_at"
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.failedAt)
    }

    public func clearFailures(scope: String) async throws {
        try await sql.raw("DELETE FROM login_failures WHERE scope = \(bind: scope)").run()
    }
}
