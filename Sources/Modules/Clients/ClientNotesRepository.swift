import CRMCore
import Foundation
import SQLKit
import Tenancy

/// Notes of one tenant's clients; also their history source (`kind: note`).
struct ClientNotesRepository: ClientTimelineSource {
    static let kind = "note"

    func insert(_ note: ClientNote, tenant: TenantID, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO client_notes (tenant_id, id, client_id, author_id, body, created_at)
            VALUES (\(bind: tenant), \(bind: note.id), \(bind: note.clientId), \(bind: note.authorId), \(bind: note.body), \(bind: note.createdAt))
            """
        ).run()
    }

    func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws
        -> [TimelineEntry]
    {
        let select = sql.select().columns("id", "client_id", "author_id", "body", "created_at").from("client_notes")
            .where("tenant_id", .equal, SQLBind(tenant)).where("client_id", .equal, SQLBind(client))
        if let position { select.where(position.before(kind: Self.kind, time: "created_at", id: "id")) }
        let notes = try await select.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit)
            .all(decoding: ClientNote.self, keyDecodingStrategy: .convertFromSnakeCase)
        return notes.map { note in
            TimelineEntry(
                kind: Self.kind, id: note.id.description, at: note.createdAt,
                data: .object(["body": .string(note.body), "authorId": note.authorId.map { .string($0.description) } ?? .null]))
        }
    }
}
