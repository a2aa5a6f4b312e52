import CRMCore
import Foundation
import Providers
import SQLKit
import Clients

/// The reads of messages that serve the send throttle and the client history.
extension MessagesRepository {
    // MARK: The throttle (`MessageThrottle`)

    struct SentWindow: Decodable {
        let sent: Int
        let oldest: Date?
    }

    /// How many outbound messages of `channel` were sent after `windowStart`, and the oldest send.
    func sent(on channel: MessageChannel, after windowStart: Date) async throws -> SentWindow? {
        try await sql.raw(
            """
            SELECT COUNT(*) AS sent, MIN(sent_at) AS oldest FROM messages
            WHERE tenant_id = \(bind: tenantId) AND channel = \(bind: channel.rawValue) AND direction = 'outbound'
              AND sent_at > \(bind: windowStart)
            """
        ).first(decoding: SentWindow.self)
    }

    // MARK: A client's history (`MessagesTimelineSource`)

    struct TimelineRow: Decodable {
        let id: UUID
        let createdAt: Date
        let channel: String
        let direction: String
        let status: String
        let body: String
        let templateKey: String?
    }

    /// The client's messages newest first, strictly after `position` (of entries of `kind`), at
    /// most `limit`.
    func timeline(of client: CustomerID, kind: String, after position: TimelinePosition?, limit: Int) async throws -> [TimelineRow] {
        var query: SQLQueryString = """
            SELECT id, created_at, channel, direction, status, body, template_key FROM messages
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client)
            """
        if let position { query = query + " AND " + position.before(kind: kind, time: "created_at", id: "id") }
        query = query + " ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
