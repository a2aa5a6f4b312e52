import CRMCore
import Foundation
import SQLKit

/// The staff of one tenant; every statement is scoped by `tenantId`.
struct StaffRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> StaffRepository { StaffRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "tenant_id", "name", "user_id", "color", "active", "location_id", "schedule", "created_at", "updated_at"]

    struct Row: Decodable {
        let id: StaffID
        let tenantId: TenantID
        let name: String
        let userId: UserID?
        let color: String
        let active: Bool
        let locationId: LocationID
        let schedule: String
        let createdAt: Date
        let updatedAt: Date

        func member(serviceIds: [ServiceID]) throws -> StaffMember {
            StaffMember(
                id: id, tenantId: tenantId, name: name, userId: userId, color: color, active: active, locationId: locationId,
                schedule: try WeeklySchedule.stored(schedule), serviceIds: serviceIds, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    struct Filter: Sendable {
        var active: Bool?
        var locationId: LocationID?
        var userId: UserID?
        var serviceId: ServiceID?
    }

    var services: ServiceLinks { ServiceLinks(sql: sql, tenantId: tenantId, table: .staff) }

    /// Rows with their service ids, loaded in one query.
    private func members(_ rows: [Row]) async throws -> [StaffMember] {
        let links = try await services.serviceIds(of: rows.map(\.id.uuid))
        return try rows.map { try $0.member(serviceIds: links[$0.id.uuid] ?? []) }
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("staff").where("tenant_id", .equal, SQLBind(tenantId))
    }

    /// One page ordered by name, then id.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [StaffMember], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let active = filter.active { select.where("active", .equal, SQLBind(active)) }
        if let location = filter.locationId { select.where("location_id", .equal, SQLBind(location)) }
        if let user = filter.userId { select.where("user_id", .equal, SQLBind(user)) }
        if let service = filter.serviceId { select.where(services.ownersLinked(to: service)) }
        Keyset.apply(to: select, columns: [KeysetColumn("name")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.name)], id: $0.id.uuid) }
        return (try await members(page.items), page.nextCursor)
    }

    func find(_ id: StaffID) async throws -> StaffMember? {
        let row = try await select().where("id", .equal, SQLBind(id)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try await members(row.map { [$0] } ?? []).first
    }

    /// The staff record linked to `user`, if any.
    func linked(to user: UserID) async throws -> StaffMember? {
        let row = try await select().where("user_id", .equal, SQLBind(user)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try await members(row.map { [$0] } ?? []).first
    }

    func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM staff WHERE tenant_id = \(bind: tenantId)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    func insert(_ member: StaffMember) async throws {
        try await sql.raw(
            """
            INSERT INTO staff (tenant_id, id, name, user_id, color, active, location_id, schedule, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: member.id), \(bind: member.name), \(bind: member.userId), \(bind: member.color),
                    \(bind: member.active), \(bind: member.locationId), \(bind: member.schedule.canonicalJSON), \(bind: member.createdAt),
                    \(bind: member.updatedAt))
            """
        ).run()
        try await services.replace(of: member.id.uuid, with: member.serviceIds)
    }

    func update(_ member: StaffMember, servicesChanged: Bool) async throws {
        try await sql.raw(
            """
            UPDATE staff SET name = \(bind: member.name), user_id = \(bind: member.userId), color = \(bind: member.color),
                   active = \(bind: member.active), location_id = \(bind: member.locationId), schedule = \(bind: member.schedule.canonicalJSON),
                   updated_at = \(bind: member.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: member.id)
            """
        ).run()
        if servicesChanged { try await services.replace(of: member.id.uuid, with: member.serviceIds) }
    }
}
