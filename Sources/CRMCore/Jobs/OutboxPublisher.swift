import Foundation
import SQLKit
import Synchronization

/// A domain event read back from the outbox.
public struct PublishedEvent: Sendable, Equatable {
    public let tenantId: TenantID
    public let id: UUID
    public let type: String
    public let entityType: String
    public let entityId: String
    public let payload: JSONValue
    public let createdAt: Date
}

/// Reacts to published events (automation, webhooks, reminders, live updates). Runs inside the
/// transaction that marks the event published, so what it writes (jobs, rows) commits with the
/// mark, or neither does and the batch is published again: a subscriber must be idempotent.
public protocol DomainEventSubscriber: Sendable {
    func handle(_ event: PublishedEvent, on sql: any SQLDatabase, now: Date) async throws
}

/// The outbox publisher (SPEC §12), run as the periodic job `outbox.publish`: takes unpublished
/// events oldest first in batches, hands each to every subscriber, marks them published. On
/// PostgreSQL the batch is locked `FOR UPDATE SKIP LOCKED`, so two publishers never take the same
/// event; on SQLite the transaction is `BEGIN IMMEDIATE`.
public final class OutboxPublisher: Sendable {
    public static let kind = "outbox.publish"
    public static let periodic = PeriodicJob(kind: kind, queue: .critical, every: 2)

    let database: Database
    private let subscribers = Mutex<[any DomainEventSubscriber]>([])

    public init(database: Database) { self.database = database }

    public func subscribe(_ subscriber: any DomainEventSubscriber) {
        subscribers.withLock { $0.append(subscriber) }
    }

    public func register(in handlers: JobHandlers) {
        handlers.register(Self.kind) { [self] context in
            // Bounded: a backlog is worked off over several runs, never in one endless attempt.
            for _ in 0..<20 where try await publishBatch(now: context.clock.now()) == Self.batchSize {}
        }
    }

    static let batchSize = 200

    /// Publishes up to one batch; answers how many events it published.
    @discardableResult
    public func publishBatch(now: Date) async throws -> Int {
        let subscribers = subscribers.withLock { $0 }
        return try await database.transaction { sql in
            let lock: SQLQueryString = database.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
            let rows = try await sql.raw(
                """
                SELECT tenant_id, id, type, entity_type, entity_id, payload, created_at FROM domain_events
                WHERE published_at IS NULL ORDER BY created_at, id LIMIT \(unsafeRaw: String(Self.batchSize)) \(lock)
                """
            ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            for row in rows {
                let event = row.event
                for subscriber in subscribers { try await subscriber.handle(event, on: sql, now: now) }
                try await sql.raw(
                    "UPDATE domain_events SET published_at = \(bind: now) WHERE tenant_id = \(bind: event.tenantId) AND id = \(bind: event.id)"
                ).run()
            }
            return rows.count
        }
    }

    private struct Row: Decodable {
        let tenantId: UUID
        let id: UUID
        let type: String
        let entityType: String
        let entityId: String
        let payload: String
        let createdAt: Date

        var event: PublishedEvent {
            PublishedEvent(
                tenantId: TenantID(tenantId), id: id, type: type, entityType: entityType, entityId: entityId,
                payload: (try? JSONDecoder().decode(JSONValue.self, from: Data(payload.utf8))) ?? .null, createdAt: createdAt)
        }
    }
}
