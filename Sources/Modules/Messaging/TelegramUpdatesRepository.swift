import CRMCore
import Foundation
import SQLKit

/// The Telegram `update_id`s one tenant's bot webhook has taken, so a redelivered update is
/// taken once.
struct TelegramUpdatesRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    /// Whether `updateId` is new (and now taken).
    func take(_ updateId: Int64, now: Date) async throws -> Bool {
        let fresh = try await sql.raw(
            """
            INSERT INTO telegram_updates (tenant_id, update_id, received_at) VALUES (\(bind: tenantId), \(bind: updateId), \(bind: now))
            ON CONFLICT (tenant_id, update_id) DO NOTHING
            RETURNING update_id
            """
        ).all()
        return !fresh.isEmpty
    }

    func contains(_ updateId: Int64) async throws -> Bool {
        try await sql.raw(
            "SELECT update_id FROM telegram_updates WHERE tenant_id = \(bind: tenantId) AND update_id = \(bind: updateId)"
        ).first() != nil
    }
}
