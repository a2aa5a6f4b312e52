import CRMCore
import Foundation
import SQLKit

/// The rooms of one tenant; every statement is scoped by `tenantId`.
struct RoomRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> RoomRepository { RoomRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "tenant_id", "name", "location_id", "active", "created_at", "updated_at"]

    struct Row: Decodable {
        let id: RoomID
        let tenantId: TenantID
        let name: String
        let locationId: LocationID
        let active: Bool
        let createdAt: Date
        let updatedAt: Date
    }

    struct Filter: Sendable {
        var active: Bool?
        var locationId: LocationID?
        var serviceId: ServiceID?
    }

    var services: ServiceLinks { ServiceLinks(sql: sql, tenantId: tenantId, table: .rooms) }

    /// Rows with their service ids, loaded in one query.
    private func rooms(_ rows: [Row]) async throws -> [Room] {
        let links = try await services.serviceIds(of: rows.map(\.id.uuid))
        return rows.map {
            Room(
                id: $0.id, tenantId: $0.tenantId, name: $0.name, locationId: $0.locationId, active: $0.active, serviceIds: links[$0.id.uuid] ?? [],
                createdAt: $0.createdAt, updatedAt: $0.updatedAt)
        }
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("rooms").where("tenant_id", .equal, SQLBind(tenantId))
    }

    /// One page ordered by name, then id.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Room], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let active = filter.active { select.where("active", .equal, SQLBind(active)) }
        if let location = filter.locationId { select.where("location_id", .equal, SQLBind(location)) }
        if let service = filter.serviceId { select.where(services.ownersLinked(to: service)) }
        Keyset.apply(to: select, columns: [KeysetColumn("name")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.name)], id: $0.id.uuid) }
        return (try await rooms(page.items), page.nextCursor)
    }

    func find(_ id: RoomID) async throws -> Room? {
        let row = try await select().where("id", .equal, SQLBind(id)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try await rooms(row.map { [$0] } ?? []).first
    }

    func nameIsTaken(_ name: String, at location: LocationID, except id: RoomID? = nil) async throws -> Bool {
        let select = sql.select().column("id").from("rooms").where("tenant_id", .equal, SQLBind(tenantId))
            .where("location_id", .equal, SQLBind(location)).where("name_key", .equal, SQLBind(PlaceRules.nameKey(name)))
        if let id { select.where("id", .notEqual, SQLBind(id)) }
        return try await select.first() != nil
    }

    func insert(_ room: Room) async throws {
        try await sql.raw(
            """
            INSERT INTO rooms (tenant_id, id, name, name_key, location_id, active, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: room.id), \(bind: room.name), \(bind: PlaceRules.nameKey(room.name)), \(bind: room.locationId),
                    \(bind: room.active), \(bind: room.createdAt), \(bind: room.updatedAt))
            """
        ).run()
        try await services.replace(of: room.id.uuid, with: room.serviceIds)
    }

    func update(_ room: Room, servicesChanged: Bool) async throws {
        try await sql.raw(
            """
            UPDATE rooms SET name = \(bind: room.name), name_key = \(bind: PlaceRules.nameKey(room.name)), location_id = \(bind: room.locationId),
                   active = \(bind: room.active), updated_at = \(bind: room.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: room.id)
            """
        ).run()
        if servicesChanged { try await services.replace(of: room.id.uuid, with: room.serviceIds) }
    }
}
