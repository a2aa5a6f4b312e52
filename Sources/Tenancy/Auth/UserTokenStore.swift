import CRMCore
import Foundation
import SQLKit

/// What a one-time user token is for.
public enum UserTokenPurpose: String, Sendable {
    case passwordReset = "password_reset"
    case invitation
    case emailVerification = "email_verification"
}

/// One-time tokens mailed to users (password reset, invitation): the secret goes out once, only
/// its SHA-256 is stored, and it works once before it expires.
public struct UserTokenStore: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    /// A new token for the user; earlier unused tokens of the same purpose stop working.
    public func issue(tenantId: TenantID, userId: UserID, purpose: UserTokenPurpose, lifetime: TimeInterval, now: Date) async throws
        -> String
    {
        let prefix =
            switch purpose {
            case .invitation: "vi_"
            case .passwordReset: "vr_"
            case .emailVerification: "ve_"
            }
        let secret = SecretToken.generate(prefix: prefix)
        try await sql.raw(
            """
            UPDATE user_tokens SET used_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND user_id = \(bind: userId) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO user_tokens (tenant_id, id, user_id, purpose, token_hash, expires_at, created_at)
            VALUES (\(bind: tenantId), \(bind: UUID()), \(bind: userId), \(bind: purpose.rawValue), \(bind: SecretToken.hash(secret)),
                    \(bind: now.addingTimeInterval(lifetime)), \(bind: now))
            """
        ).run()
        return secret
    }

    public struct Owner: Sendable, Decodable {
        public let tenantId: TenantID
        public let userId: UserID
    }

    /// Marks the token used and answers whose it was; nil when it is unknown, used, expired or
    /// for another purpose. One statement, so two concurrent uses cannot both succeed.
    public func consume(_ secret: String, purpose: UserTokenPurpose, now: Date) async throws -> Owner? {
        try await sql.raw(
            """
            UPDATE user_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: SecretToken.hash(secret)) AND purpose = \(bind: purpose.rawValue)
              AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING tenant_id, user_id
            """
        ).first(decoding: Owner.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
