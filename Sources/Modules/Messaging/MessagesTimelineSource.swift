import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// The messages module's entries in a client's history (`kind: message`): what the studio sent
/// and what the client wrote (Telegram), at their creation time.
public struct MessagesTimelineSource: ClientTimelineSource {
    static let kind = "message"

    public init() {}

    struct Row: Decodable {
        let id: UUID
        let createdAt: Date
        let channel: String
        let direction: String
        let status: String
        let body: String
        let templateKey: String?
    }

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        var query: SQLQueryString = """
            SELECT id, created_at, channel, direction, status, body, template_key FROM messages
            WHERE tenant_id = \(bind: tenant) AND client_id = \(bind: client)
            """
        if let position { query = query + " AND " + position.before(kind: Self.kind, time: "created_at", id: "id") }
        query = query + " ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))"
        let rows = try await sql.raw(query).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return rows.map { row in
            TimelineEntry(
                kind: Self.kind, id: row.id.uuidString.lowercased(), at: row.createdAt,
                data: .object([
                    "channel": .string(row.channel), "direction": .string(row.direction), "status": .string(row.status),
                    "body": .string(row.body), "templateKey": row.templateKey.map(JSONValue.string) ?? .null,
                ]))
        }
    }
}
