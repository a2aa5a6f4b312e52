import Foundation
import SQLKit

/// What one write did, for the audit trail and the outbox at once. `action` names both the
/// audit entry and the event type (`client.updated`); the event carries `after` (or `before`
/// for deletions) unless a payload is given.
public struct MutationRecord: Sendable {
    public let action: String
    public let entityType: String
    public let entityId: String
    public let before: JSONValue?
    public let after: JSONValue?
    public let payload: JSONValue?
    /// False for reads that the trail must remember (a PII reveal): audited, no event.
    public let emitsEvent: Bool

    public init(
        action: String, entityType: String, entityId: String, before: JSONValue? = nil, after: JSONValue? = nil, payload: JSONValue? = nil,
        emitsEvent: Bool = true
    ) {
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.before = before
        self.after = after
        self.payload = payload
        self.emitsEvent = emitsEvent
    }
}

extension Database {
    /// The one way services write (SPEC §12, ARCHITECTURE "State changes"): `body` changes rows on
    /// the transaction's connection and says what it did; the audit entries and outbox events are
    /// written in the same transaction. If any part fails, nothing is written.
    public func mutate<T: Sendable>(
        by actor: AuditActor, at now: Date, _ body: (any SQLDatabase) async throws -> (T, [MutationRecord])
    ) async throws -> T {
        try await transaction { sql in
            let (result, records) = try await body(sql)
            for record in records {
                try await Self.record(record, by: actor, at: now, on: sql)
            }
            return result
        }
    }

    /// Writes one record's audit entry and event on `sql` (already inside a transaction).
    public static func record(_ record: MutationRecord, by actor: AuditActor, at now: Date, on sql: any SQLDatabase) async throws {
        try await AuditLog.record(
            AuditEntry(action: record.action, entityType: record.entityType, entityId: record.entityId, before: record.before, after: record.after),
            by: actor, at: now, on: sql)
        ActiveTransaction.current?.log.append(CommittedMutation(tenantId: actor.tenantId, record: record))
        guard record.emitsEvent else { return }
        try await Outbox.append(
            DomainEvent(
                type: record.action, entityType: record.entityType, entityId: record.entityId,
                payload: record.payload ?? record.after ?? record.before ?? .object([:])),
            tenantId: actor.tenantId, at: now, on: sql)
    }
}
