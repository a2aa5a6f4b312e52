import CRMCore
import Foundation
import SQLKit

/// The locations of one tenant; every statement is scoped by `tenantId`.
struct LocationRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> LocationRepository { LocationRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "tenant_id", "name", "address", "phone", "schedule", "active", "is_default", "created_at", "updated_at"]

    struct Row: Decodable {
        let id: LocationID
        let tenantId: TenantID
        let name: String
        let address: String?
        let phone: String?
        let schedule: String
        let active: Bool
        let isDefault: Bool
        let createdAt: Date
        let updatedAt: Date

        func location() throws -> Location {
            Location(
                id: id, tenantId: tenantId, name: name, address: address, phone: phone, schedule: try WeeklySchedule.stored(schedule),
                active: active, isDefault: isDefault, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    struct Filter: Sendable {
        var active: Bool?
    }

    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Location], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("locations").where("tenant_id", .equal, SQLBind(tenantId))
        if let active = filter.active { select.where("active", .equal, SQLBind(active)) }
        Keyset.apply(to: select, columns: [KeysetColumn("name")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.name)], id: $0.id.uuid) }
        return (try page.items.map { try $0.location() }, page.nextCursor)
    }

    func find(_ id: LocationID) async throws -> Location? {
        try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("locations")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.location()
    }

    func defaultLocation() async throws -> Location? {
        try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("locations")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("is_default", .equal, SQLBind(true))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.location()
    }

    func nameIsTaken(_ name: String, except id: LocationID? = nil) async throws -> Bool {
        let select = sql.select().column("id").from("locations").where("tenant_id", .equal, SQLBind(tenantId))
            .where("name_key", .equal, SQLBind(PlaceRules.nameKey(name)))
        if let id { select.where("id", .notEqual, SQLBind(id)) }
        return try await select.first() != nil
    }

    func insert(_ location: Location) async throws {
        try await sql.raw(
            """
            INSERT INTO locations (tenant_id, id, name, name_key, address, phone, schedule, active, is_default, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: location.id), \(bind: location.name), \(bind: PlaceRules.nameKey(location.name)),
                    \(bind: location.address), \(bind: location.phone), \(bind: location.schedule.canonicalJSON), \(bind: location.active),
                    \(bind: location.isDefault), \(bind: location.createdAt), \(bind: location.updatedAt))
            """
        ).run()
    }

    func update(_ location: Location) async throws {
        try await sql.raw(
            """
            UPDATE locations SET name = \(bind: location.name), name_key = \(bind: PlaceRules.nameKey(location.name)),
                   address = \(bind: location.address), phone = \(bind: location.phone), schedule = \(bind: location.schedule.canonicalJSON),
                   active = \(bind: location.active), is_default = \(bind: location.isDefault), updated_at = \(bind: location.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: location.id)
            """
        ).run()
    }

    /// How many active staff members and rooms work at `id`.
    func activeMembers(of id: LocationID) async throws -> (staff: Int, rooms: Int) {
        let staff =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM staff WHERE tenant_id = \(bind: tenantId) AND location_id = \(bind: id) AND active = \(bind: true)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let rooms =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM rooms WHERE tenant_id = \(bind: tenantId) AND location_id = \(bind: id) AND active = \(bind: true)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        return (staff, rooms)
    }
}

extension WeeklySchedule {
    /// A schedule read back from the database, where only canonical, validated JSON is written.
    static func stored(_ text: String) throws -> WeeklySchedule {
        do {
            return try parse(jsonText: text)
        } catch {
            throw StoredScheduleError(text: text)
        }
    }
}

/// A stored schedule that no longer parses: a bug or a hand edit, never the client's fault (500).
struct StoredScheduleError: Error, CustomStringConvertible {
    let text: String
    var description: String { "stored schedule does not parse: \(text)" }
}

extension LocationRepository {
    /// Where a new or moved staff member or room goes: the location named by `id` (which must be
    /// an active location of this tenant: `locationId: not_found` / `inactive`), or the default
    /// location when `id` is nil.
    func placement(_ id: LocationID?, into problems: inout [String: String]) async throws -> Location? {
        guard let id else {
            guard let location = try await defaultLocation() else {
                problems["locationId"] = "required"
                return nil
            }
            return location
        }
        guard let location = try await find(id) else {
            problems["locationId"] = "not_found"
            return nil
        }
        guard location.active else {
            problems["locationId"] = "inactive"
            return nil
        }
        return location
    }
}
