import Foundation
import SQLKit

/// Who did something, and from where: a signed-in user (with the request's ip, user agent and
/// id) or the system itself (jobs, webhooks).
public struct AuditActor: Sendable, Equatable {
    public let tenantId: TenantID
    public let userId: UserID?
    public let ip: String?
    public let userAgent: String?
    public let requestId: String?
    /// `audit_log.actor_type`: `user`, `client` (through a signed link or the bot), `system` (the
    /// scheduler, a job) or `webhook` (a provider's callback). Defaults from `userId`.
    public let kind: String

    public init(tenantId: TenantID, userId: UserID?, ip: String?, userAgent: String?, requestId: String?, kind: String? = nil) {
        self.tenantId = tenantId
        self.userId = userId
        self.ip = ip
        self.userAgent = userAgent
        self.requestId = requestId
        self.kind = kind ?? (userId == nil ? "system" : "user")
    }

    public static func system(tenantId: TenantID) -> AuditActor {
        AuditActor(tenantId: tenantId, userId: nil, ip: nil, userAgent: nil, requestId: nil)
    }
}

/// One line of the audit trail: what happened to which entity, with its state before and after.
public struct AuditEntry: Sendable {
    public let action: String
    public let entityType: String
    public let entityId: String
    public let before: JSONValue?
    public let after: JSONValue?

    public init(action: String, entityType: String, entityId: String, before: JSONValue? = nil, after: JSONValue? = nil) {
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.before = before
        self.after = after
    }
}

/// The append-only audit trail (SPEC §12). Recorded on every plan; reading it is gated.
/// Call `record` with the transaction's connection so the change and its entry commit together.
public enum AuditLog {
    public static func record(_ entry: AuditEntry, by actor: AuditActor, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO audit_log (tenant_id, id, actor_type, actor_user_id, action, entity_type, entity_id, before_state, after_state,
                                   ip, user_agent, request_id, created_at)
            VALUES (\(bind: actor.tenantId), \(bind: UUID()), \(bind: actor.kind), \(bind: actor.userId),
                    \(bind: entry.action), \(bind: entry.entityType), \(bind: entry.entityId), \(bind: try json(entry.before)),
                    \(bind: try json(entry.after)), \(bind: actor.ip), \(bind: actor.userAgent.map { String($0.prefix(512)) }),
                    \(bind: actor.requestId), \(bind: now))
            """
        ).run()
    }

    /// Stored as JSON text (a TEXT column on both engines, so one statement serves both).
    static func json(_ value: JSONValue?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
