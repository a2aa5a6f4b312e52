import CRMCore
import Foundation
import SQLKit

/// The rooms of one tenant; every statement is scoped by `tenantId`.
struct RoomRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> RoomRepository { RoomRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "tenant_id", "name", "location_id", "active", "created_at", "updated_at"]

    struct Filter: Sendable {
        var active: Bool?
        var locationId: LocationID?
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("rooms").where("tenant_id", .equal, SQLBind(tenantId))
    }

    /// One page ordered by name, then id.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Room], nextCursor: String?) {
        let position = try page.cursor.map { cursor throws(AppError) in try Cursor.decode(cursor, as: KeysetPosition.self) }
        let select = select()
        if let active = filter.active { select.where("active", .equal, SQLBind(active)) }
        if let location = filter.locationId { select.where("location_id", .equal, SQLBind(location)) }
        Keyset.apply(to: select, columns: [KeysetColumn("name")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Room.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.name)], id: $0.id.uuid) }
    }

    func find(_ id: RoomID) async throws -> Room? {
        try await select().where("id", .equal, SQLBind(id)).first(decoding: Room.self, keyDecodingStrategy: .convertFromSnakeCase)
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
    }

    func update(_ room: Room) async throws {
        try await sql.raw(
            """
            UPDATE rooms SET name = \(bind: room.name), name_key = \(bind: PlaceRules.nameKey(room.name)), location_id = \(bind: room.locationId),
                   active = \(bind: room.active), updated_at = \(bind: room.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: room.id)
            """
        ).run()
    }
}
