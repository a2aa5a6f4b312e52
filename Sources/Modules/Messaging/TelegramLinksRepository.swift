import CRMCore
import Foundation
import SQLKit

/// The one-time Telegram link tokens of one tenant (`TelegramLinks`), stored by hash.
struct TelegramLinksRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func insert(hash: String, client: CustomerID, expiresAt: Date, by user: UserID?, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO telegram_link_tokens (tenant_id, token_hash, client_id, expires_at, created_by, created_at)
            VALUES (\(bind: tenantId), \(bind: hash), \(bind: client), \(bind: expiresAt), \(bind: user), \(bind: now))
            """
        ).run()
    }

    /// Marks the token used when it is unused and unexpired; answers its client then.
    func use(hash: String, now: Date) async throws -> CustomerID? {
        struct Row: Decodable { let clientId: CustomerID }
        return try await sql.raw(
            """
            UPDATE telegram_link_tokens SET used_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND token_hash = \(bind: hash) AND used_at IS NULL
              AND expires_at > \(bind: now)
            RETURNING client_id
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.clientId
    }
}
