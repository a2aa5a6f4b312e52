import CRMCore
import Foundation
import SQLKit

/// A client's Telegram chat: linked by a one-time link, looked up when the chat writes.
extension ClientsRepository {
    /// The oldest client linked to `chat`.
    func client(telegramChat chat: String) async throws -> CustomerID? {
        struct Row: Decodable { let id: CustomerID }
        return try await sql.raw(
            "SELECT id FROM clients WHERE tenant_id = \(bind: tenantId) AND telegram_chat_id = \(bind: chat) ORDER BY created_at LIMIT 1"
        ).first(decoding: Row.self)?.id
    }

    func linkTelegram(chat: String, to client: CustomerID, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE clients SET telegram_chat_id = \(bind: chat), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: client)
            """
        ).run()
    }
}
