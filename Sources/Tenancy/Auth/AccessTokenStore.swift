import CRMCore
import Foundation
import SQLKit

/// Personal access tokens of one user, scoped by tenant: shown once at creation, stored hashed.
public struct AccessTokenStore: Sendable {
    public struct Token: Codable, Sendable, Equatable {
        public let id: UUID
        public let name: String
        public let expiresAt: Date?
        public let lastUsedAt: Date?
        public let revokedAt: Date?
        public let createdAt: Date
    }

    let sql: any SQLDatabase
    let tenantId: TenantID
    let userId: UserID

    public init(sql: any SQLDatabase, tenantId: TenantID, userId: UserID) {
        self.sql = sql
        self.tenantId = tenantId
        self.userId = userId
    }

    /// Creates a token; returns it with its secret, which is never readable again.
    public func create(name: String, expiresAt: Date?, now: Date) async throws -> (token: Token, secret: String) {
        let secret = SecretToken.generate(prefix: "vt_")
        let token = Token(id: UUID(), name: name, expiresAt: expiresAt, lastUsedAt: nil, revokedAt: nil, createdAt: now)
        try await sql.raw(
            """
            INSERT INTO access_tokens (tenant_id, id, user_id, name, token_hash, expires_at, created_at)
            VALUES (\(bind: tenantId), \(bind: token.id), \(bind: userId), \(bind: name), \(bind: SecretToken.hash(secret)),
                    \(bind: expiresAt), \(bind: now))
            """
        ).run()
        return (token, secret)
    }

    public func list() async throws -> [Token] {
        try await sql.raw(
            """
            SELECT id, name, expires_at, last_used_at, revoked_at, created_at FROM access_tokens
            WHERE tenant_id = \(bind: tenantId) AND user_id = \(bind: userId) ORDER BY created_at, id
            """
        ).all(decoding: Token.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Revokes one of this user's tokens; false when there is no such token (of theirs).
    public func revoke(id: UUID, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, \(bind: now))
            WHERE tenant_id = \(bind: tenantId) AND user_id = \(bind: userId) AND id = \(bind: id)
            RETURNING id
            """
        ).first() != nil
    }
}
