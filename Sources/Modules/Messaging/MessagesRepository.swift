import CRMCore
import Foundation
import Providers
import SQLKit

/// The messages of one tenant; every statement is scoped by `tenantId`.
struct MessagesRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> MessagesRepository { MessagesRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "client_id", "appointment_id", "channel", "direction", "kind", "recipient", "subject", "body", "template_key", "template_values",
        "status", "provider",
        "provider_message_id", "cost_minor", "cost_currency", "scheduled_at", "sent_at", "delivered_at", "read_at", "failed_at", "error",
        "attempts", "fallback_from", "external_id", "created_by", "created_at", "updated_at", "buttons",
    ]

    struct Row: Decodable {
        let id: MessageID
        let clientId: CustomerID?
        let appointmentId: AppointmentID?
        let channel: String
        let direction: String
        let kind: String
        let recipient: String
        let subject: String?
        let body: String
        let templateKey: String?
        let templateValues: String?
        let status: String
        let provider: String?
        let providerMessageId: String?
        let costMinor: Int64?
        let costCurrency: String?
        let scheduledAt: Date
        let sentAt: Date?
        let deliveredAt: Date?
        let readAt: Date?
        let failedAt: Date?
        let error: String?
        let attempts: Int
        let fallbackFrom: MessageID?
        let externalId: String?
        let createdBy: UserID?
        let createdAt: Date
        let updatedAt: Date
        let buttons: String?

        func message(tenantId: TenantID) throws -> Message {
            guard let channel = MessageChannel(rawValue: channel), let direction = MessageDirection(rawValue: direction),
                let kind = MessageKind(rawValue: kind), let status = MessageStatus(rawValue: status)
            else { throw StoredMessageError(id: id) }
            return Message(
                id: id, tenantId: tenantId, clientId: clientId, appointmentId: appointmentId, channel: channel, direction: direction, kind: kind,
                recipient: recipient, subject: subject, body: body, templateKey: templateKey,
                templateValues: templateValues.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }, status: status,
                provider: provider,
                providerMessageId: providerMessageId, cost: costMinor.map(Money.init(minorUnits:)), costCurrency: costCurrency,
                scheduledAt: scheduledAt, sentAt: sentAt, deliveredAt: deliveredAt, readAt: readAt, failedAt: failedAt, error: error,
                attempts: attempts, fallbackFrom: fallbackFrom, externalId: externalId, createdBy: createdBy, createdAt: createdAt,
                updatedAt: updatedAt, buttons: buttons.flatMap(MessageButtons.decode))
        }
    }

    struct StoredMessageError: Error, CustomStringConvertible {
        let id: MessageID
        var description: String { "message \(id) has an unreadable stored value" }
    }

    /// What `GET /messages` narrows by.
    struct Filter: Sendable {
        var clientId: CustomerID?
        /// A specialist's scope: only these clients' messages.
        var clientIds: [CustomerID]?
        var channel: MessageChannel?
        var statuses: [MessageStatus]?
        var direction: MessageDirection?
        var from: Date?
        var to: Date?
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("messages").where("tenant_id", .equal, SQLBind(tenantId))
    }

    func find(_ id: MessageID) async throws -> Message? {
        try await select().where("id", .equal, SQLBind(id)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?
            .message(tenantId: tenantId)
    }

    /// Newest first.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Message], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let client = filter.clientId { select.where("client_id", .equal, SQLBind(client)) }
        if let clients = filter.clientIds { select.where("client_id", .in, SQLBind.group(clients)) }
        if let channel = filter.channel { select.where("channel", .equal, SQLBind(channel.rawValue)) }
        if let statuses = filter.statuses { select.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        if let direction = filter.direction { select.where("direction", .equal, SQLBind(direction.rawValue)) }
        if let from = filter.from { select.where("created_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.to { select.where("created_at", .lessThan, SQLBind(to)) }
        Keyset.apply(to: select, columns: [KeysetColumn("created_at", descending: true)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.createdAt)], id: $0.id.uuid) }
        return (try page.items.map { try $0.message(tenantId: tenantId) }, page.nextCursor)
    }

    /// A client's messages for the timeline, newest first.
    func forClient(_ clientId: CustomerID, limit: Int) async throws -> [Message] {
        try await select().where("client_id", .equal, SQLBind(clientId)).orderBy("created_at", .descending).limit(limit)
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.message(tenantId: tenantId) }
    }

    func insert(_ m: Message) async throws {
        try await sql.raw(
            """
            INSERT INTO messages (tenant_id, id, client_id, appointment_id, channel, direction, kind, recipient, subject, body, template_key,
                template_values, status, provider, provider_message_id, cost_minor, cost_currency, scheduled_at, sent_at, delivered_at, read_at, failed_at,
                error, attempts, fallback_from, external_id, created_by, created_at, updated_at, buttons)
            VALUES (\(bind: tenantId), \(bind: m.id), \(bind: m.clientId), \(bind: m.appointmentId), \(bind: m.channel.rawValue),
                \(bind: m.direction.rawValue), \(bind: m.kind.rawValue), \(bind: m.recipient), \(bind: m.subject), \(bind: m.body),
                \(bind: m.templateKey), \(bind: Self.encode(m.templateValues)), \(bind: m.status.rawValue), \(bind: m.provider), \(bind: m.providerMessageId),
                \(bind: m.cost?.minorUnits), \(bind: m.costCurrency), \(bind: m.scheduledAt), \(bind: m.sentAt), \(bind: m.deliveredAt),
                \(bind: m.readAt), \(bind: m.failedAt), \(bind: m.error), \(bind: m.attempts), \(bind: m.fallbackFrom), \(bind: m.externalId),
                \(bind: m.createdBy), \(bind: m.createdAt), \(bind: m.updatedAt), \(bind: m.buttons.map(MessageButtons.encode)))
            """
        ).run()
    }

    static func encode(_ values: [String: String]?) -> String? {
        guard let values else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes the state a send attempt or a status report left.
    func update(_ m: Message) async throws {
        try await sql.raw(
            """
            UPDATE messages SET status = \(bind: m.status.rawValue), provider = \(bind: m.provider),
                provider_message_id = \(bind: m.providerMessageId), cost_minor = \(bind: m.cost?.minorUnits),
                cost_currency = \(bind: m.costCurrency), scheduled_at = \(bind: m.scheduledAt), sent_at = \(bind: m.sentAt),
                delivered_at = \(bind: m.deliveredAt), read_at = \(bind: m.readAt), failed_at = \(bind: m.failedAt), error = \(bind: m.error),
                attempts = \(bind: m.attempts), updated_at = \(bind: m.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: m.id)
            """
        ).run()
    }

    /// Locks the row for the rest of the transaction (a no-op write takes the row lock on
    /// PostgreSQL; SQLite's write lock is the transaction's), so two workers never move one
    /// message at once.
    func lock(_ id: MessageID) async throws {
        try await sql.raw("UPDATE messages SET status = status WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }
}
