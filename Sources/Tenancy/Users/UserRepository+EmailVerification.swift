import CRMCore
import Foundation
import SQLKit

extension UserRepository {
    /// Marks the user's address verified (once: a later verification keeps the first time).
    public func markEmailVerified(_ id: UserID, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE users SET email_verified_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND email_verified_at IS NULL
            """
        ).run()
    }

    /// When the user's address was verified; nil when it was not (or no such user).
    public func emailVerifiedAt(_ id: UserID) async throws -> Date? {
        struct Row: Decodable { let emailVerifiedAt: Date? }
        return try await sql.raw("SELECT email_verified_at FROM users WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.emailVerifiedAt
    }
}
