import CRMCore
import Foundation
import SQLKit

/// Which Telegram account is a staff member's (`telegram_staff_links`): the Mini App shows that
/// person their day. A link token (its hash) waits on the row until the bot redeems it once.
struct TelegramStaffLinksRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func issue(staff: StaffID, hash: String, expiresAt: Date, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO telegram_staff_links (tenant_id, staff_id, token_hash, token_expires_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: staff), \(bind: hash), \(bind: expiresAt), \(bind: now))
            ON CONFLICT (tenant_id, staff_id) DO UPDATE SET token_hash = excluded.token_hash,
                token_expires_at = excluded.token_expires_at, updated_at = excluded.updated_at
            """
        ).run()
    }

    /// Spends an unexpired token: the staff member is now `telegramUser`; nil for an unknown,
    /// used or expired token.
    func redeem(hash: String, telegramUser: Int64, now: Date) async throws -> StaffID? {
        struct Row: Decodable { let staff_id: StaffID }
        return try await sql.raw(
            """
            UPDATE telegram_staff_links SET telegram_user_id = \(bind: telegramUser), linked_at = \(bind: now), token_hash = NULL,
                token_expires_at = NULL, updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND token_hash = \(bind: hash) AND token_expires_at > \(bind: now)
            RETURNING staff_id
            """
        ).first(decoding: Row.self)?.staff_id
    }

    func staff(telegramUser: Int64) async throws -> StaffID? {
        struct Row: Decodable { let staff_id: StaffID }
        return try await sql.raw(
            """
            SELECT staff_id FROM telegram_staff_links WHERE tenant_id = \(bind: tenantId) AND telegram_user_id = \(bind: telegramUser)
            ORDER BY linked_at DESC LIMIT 1
            """
        ).first(decoding: Row.self)?.staff_id
    }

    func linkedAt(staff: StaffID) async throws -> Date? {
        struct Row: Decodable { let linked_at: Date? }
        return try await sql.raw(
            "SELECT linked_at FROM telegram_staff_links WHERE tenant_id = \(bind: tenantId) AND staff_id = \(bind: staff)"
        ).first(decoding: Row.self)?.linked_at
    }

    func unlink(staff: StaffID, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE telegram_staff_links SET telegram_user_id = NULL, linked_at = NULL, token_hash = NULL, token_expires_at = NULL,
                updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND staff_id = \(bind: staff) AND (telegram_user_id IS NOT NULL OR token_hash IS NOT NULL)
            RETURNING staff_id
            """
        ).first() != nil
    }
}
