import CRMCore
import Foundation
import SQLKit

/// Where each chat stands in the bot's booking conversation (`telegram_conversations`): one row
/// per chat, replaced at every step, ignored once expired. A restart loses nothing.
struct TelegramConversationsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func state(chat: String, now: Date) async throws -> TelegramBotState? {
        struct Row: Decodable {
            let state: String
            let expiresAt: Date
        }
        guard
            let row = try await sql.raw(
                "SELECT state, expires_at FROM telegram_conversations WHERE tenant_id = \(bind: tenantId) AND chat_id = \(bind: chat)"
            ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase), row.expiresAt > now
        else { return nil }
        return try? JSONDecoder().decode(TelegramBotState.self, from: Data(row.state.utf8))
    }

    /// Takes the chat's row lock for the caller's transaction (a second press of the same button
    /// waits here, then sees the step already taken).
    func lock(chat: String) async throws {
        try await sql.raw(
            "UPDATE telegram_conversations SET updated_at = updated_at WHERE tenant_id = \(bind: tenantId) AND chat_id = \(bind: chat)"
        ).run()
    }

    func save(_ state: TelegramBotState, chat: String, expiresAt: Date, now: Date) async throws {
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO telegram_conversations (tenant_id, chat_id, state, expires_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: chat), \(bind: json), \(bind: expiresAt), \(bind: now))
            ON CONFLICT (tenant_id, chat_id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, updated_at = excluded.updated_at
            """
        ).run()
    }
}
