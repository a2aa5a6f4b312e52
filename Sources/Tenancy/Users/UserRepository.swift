import CRMCore
import Foundation
import SQLKit

/// The users of one tenant. Built per request for that tenant: every statement is scoped by
/// `tenantId`, so another tenant's user is simply not found.
public struct UserRepository: Sendable {
    let sql: any SQLDatabase
    public let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    /// The same repository on another connection (a transaction's).
    public func on(_ sql: any SQLDatabase) -> UserRepository { UserRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "tenant_id", "name", "email", "phone", "role", "status", "timezone", "locale", "last_login_at", "created_at", "updated_at",
    ]

    public struct Filter: Sendable {
        public var role: Role?
        public var status: UserStatus?
        public var onlyId: UserID?

        public init(role: Role? = nil, status: UserStatus? = nil, onlyId: UserID? = nil) {
            self.role = role
            self.status = status
            self.onlyId = onlyId
        }
    }

    /// One page ordered by name, then id.
    public func list(_ filter: Filter, page: PageRequest) async throws -> (items: [User], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("users").where("tenant_id", .equal, SQLBind(tenantId))
        if let role = filter.role { select.where("role", .equal, SQLBind(role.rawValue)) }
        if let status = filter.status { select.where("status", .equal, SQLBind(status.rawValue)) }
        if let only = filter.onlyId { select.where("id", .equal, SQLBind(only)) }
        Keyset.apply(to: select, columns: [KeysetColumn("name")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.name)], id: $0.id.uuid) }
    }

    public func find(_ id: UserID) async throws -> User? {
        try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("users")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
            .first(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Emails are unique across the whole installation (the email names the tenant at sign-in),
    /// so this check is deliberately not scoped (hence static); it answers only yes or no.
    public static func emailIsTaken(_ email: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("users").where("email_normalized", .equal, SQLBind(User.normalizedEmail(email))).first() != nil
    }

    public func insert(_ user: User, passwordHash: String) async throws {
        try await sql.raw(
            """
            INSERT INTO users (tenant_id, id, name, email, email_normalized, phone, password_hash, role, status, timezone, locale,
                               created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: user.id), \(bind: user.name), \(bind: user.email), \(bind: User.normalizedEmail(user.email)),
                    \(bind: user.phone), \(bind: passwordHash), \(bind: user.role.rawValue), \(bind: user.status.rawValue),
                    \(bind: user.timezone), \(bind: user.locale?.rawValue), \(bind: user.createdAt), \(bind: user.updatedAt))
            """
        ).run()
    }

    /// Writes the editable fields of `user` (profile, role, status).
    public func update(_ user: User) async throws {
        try await sql.raw(
            """
            UPDATE users SET name = \(bind: user.name), phone = \(bind: user.phone), timezone = \(bind: user.timezone),
                   locale = \(bind: user.locale?.rawValue), role = \(bind: user.role.rawValue), status = \(bind: user.status.rawValue),
                   updated_at = \(bind: user.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: user.id)
            """
        ).run()
    }

    /// Moves a user to `disabled`, remembering the status enabling returns them to.
    public func disable(_ id: UserID, from status: UserStatus, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE users SET status = 'disabled', status_before_disable = \(bind: status.rawValue), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    /// The status a disabled user had before (`active` when unknown).
    public func statusBeforeDisable(_ id: UserID) async throws -> UserStatus {
        let text = try await sql.raw(
            "SELECT status_before_disable AS s FROM users WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)"
        ).first()?.decode(column: "s", as: String?.self)
        return text.flatMap(UserStatus.init(rawValue:)).flatMap { $0 == .disabled ? nil : $0 } ?? .active
    }

    public func setPassword(_ id: UserID, hash: String, now: Date) async throws {
        try await sql.raw(
            "UPDATE users SET password_hash = \(bind: hash), updated_at = \(bind: now) WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)"
        ).run()
    }

    public func passwordHash(_ id: UserID) async throws -> String? {
        try await sql.raw("SELECT password_hash FROM users WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").first()?
            .decode(column: "password_hash", as: String.self)
    }

    public func activeOwnerCount() async throws -> Int {
        try await sql.raw(
            "SELECT COUNT(*) AS n FROM users WHERE tenant_id = \(bind: tenantId) AND role = 'owner' AND status = 'active'"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Signs the user out everywhere, except the session `keeping` (the caller's own).
    public func revokeSessions(of id: UserID, keeping: UUID? = nil, now: Date) async throws {
        var query: SQLQueryString =
            "UPDATE sessions SET revoked_at = \(bind: now) WHERE tenant_id = \(bind: tenantId) AND user_id = \(bind: id) AND revoked_at IS NULL"
        if let keeping { query = query + " AND id <> \(bind: keeping)" }
        try await sql.raw(query).run()
    }

    public func revokeAccessTokens(of id: UserID, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE access_tokens SET revoked_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND user_id = \(bind: id) AND revoked_at IS NULL
            """
        ).run()
    }
}
