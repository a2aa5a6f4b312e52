import Foundation
import SQLKit

/// A fact about a change (`client.created`, `appointment.status_changed`), written to the
/// outbox in the same transaction as the change. Publishing (automation, webhooks, live
/// updates) reads the outbox afterwards, so an event exists exactly when its change committed.
public struct DomainEvent: Sendable, Equatable {
    public let type: String
    public let entityType: String
    public let entityId: String
    public let payload: JSONValue

    public init(type: String, entityType: String, entityId: String, payload: JSONValue) {
        self.type = type
        self.entityType = entityType
        self.entityId = entityId
        self.payload = payload
    }
}

/// The transactional outbox (`domain_events`): appended here, published later (`published_at`).
public enum Outbox {
    public static func append(_ event: DomainEvent, tenantId: TenantID, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO domain_events (tenant_id, id, type, entity_type, entity_id, payload, created_at)
            VALUES (\(bind: tenantId), \(bind: UUID()), \(bind: event.type), \(bind: event.entityType), \(bind: event.entityId),
                    \(bind: try AuditLog.json(event.payload) ?? "null"), \(bind: now))
            """
        ).run()
    }
}
