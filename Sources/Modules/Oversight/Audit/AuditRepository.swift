import CRMCore
import Foundation
import SQLKit

/// Reads one tenant's audit trail, newest first. There is no update or delete: the trail is
/// append only.
struct AuditRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    struct Filter: Sendable {
        var entityType: String?
        var entityId: String?
        var from: Date?
        var to: Date?
    }

    struct Row: Decodable, Sendable {
        let id: UUID
        let actorType: String
        let actorUserId: UserID?
        let action: String
        let entityType: String
        let entityId: String
        let beforeState: String?
        let afterState: String?
        let ip: String?
        let userAgent: String?
        let requestId: String?
        let createdAt: Date
    }

    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Row], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = sql.select()
            .columns(
                "id", "actor_type", "actor_user_id", "action", "entity_type", "entity_id", "before_state", "after_state", "ip", "user_agent",
                "request_id", "created_at"
            )
            .from("audit_log").where("tenant_id", .equal, SQLBind(tenantId))
        if let entityType = filter.entityType { select.where("entity_type", .equal, SQLBind(entityType)) }
        if let entityId = filter.entityId { select.where("entity_id", .equal, SQLBind(entityId)) }
        if let from = filter.from { select.where("created_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.to { select.where("created_at", .lessThan, SQLBind(to)) }
        Keyset.apply(to: select, columns: [KeysetColumn("created_at", descending: true)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.createdAt)], id: $0.id) }
    }
}
