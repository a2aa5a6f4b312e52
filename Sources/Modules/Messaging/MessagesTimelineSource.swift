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

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        let rows = try await MessagesRepository(sql: sql, tenantId: tenant).timeline(of: client, kind: Self.kind, after: position, limit: limit)
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
