import CRMCore
import Foundation
import SQLKit

/// The dated overrides of one tenant's staff and locations; every statement is scoped by
/// `tenantId` and by the owner, so an override is only found through its own staff member or
/// location.
struct ScheduleOverrideRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> ScheduleOverrideRepository { ScheduleOverrideRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "staff_id", "location_id", "local_date", "kind", "intervals", "reason", "created_at"]

    struct Row: Decodable {
        let id: ScheduleOverrideID
        let staffId: StaffID?
        let locationId: LocationID?
        let localDate: String
        let kind: String
        let intervals: String
        let reason: String?
        let createdAt: Date

        func override() throws -> ScheduleOverride {
            let owner: ScheduleOwner? = staffId.map { .staff($0) } ?? locationId.map { .location($0) }
            var problems: [String: String] = [:]
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(intervals.utf8))
            guard let owner, let date = LocalDate(iso: localDate), let kind = ScheduleOverrideKind(rawValue: kind),
                let ranges = ScheduleIntervals.parse(value, path: "intervals", into: &problems)
            else { throw StoredScheduleError(text: "override \(id): \(localDate) \(kind) \(intervals)") }
            return ScheduleOverride(id: id, owner: owner, date: date, kind: kind, intervals: ranges, reason: reason, createdAt: createdAt)
        }
    }

    struct Filter: Sendable {
        var from: LocalDate?
        var to: LocalDate?
        var kind: ScheduleOverrideKind?
    }

    private func select(_ owner: ScheduleOwner) -> SQLSelectBuilder {
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("schedule_overrides")
            .where("tenant_id", .equal, SQLBind(tenantId))
        switch owner {
        case .staff(let id): select.where("staff_id", .equal, SQLBind(id))
        case .location(let id): select.where("location_id", .equal, SQLBind(id))
        }
        return select
    }

    /// One page ordered by date, then id.
    func list(_ owner: ScheduleOwner, _ filter: Filter, page: PageRequest) async throws -> (items: [ScheduleOverride], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select(owner)
        // ISO dates compare correctly as text.
        if let from = filter.from { select.where("local_date", .greaterThanOrEqual, SQLBind(from.description)) }
        if let to = filter.to { select.where("local_date", .lessThanOrEqual, SQLBind(to.description)) }
        if let kind = filter.kind { select.where("kind", .equal, SQLBind(kind.rawValue)) }
        Keyset.apply(to: select, columns: [KeysetColumn("local_date")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.text($0.localDate)], id: $0.id.uuid) }
        return (try page.items.map { try $0.override() }, page.nextCursor)
    }

    /// Every override of `owner` on `date`.
    func on(_ owner: ScheduleOwner, date: LocalDate) async throws -> [ScheduleOverride] {
        try await select(owner).where("local_date", .equal, SQLBind(date.description))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.override() }
    }

    func find(_ owner: ScheduleOwner, _ id: ScheduleOverrideID) async throws -> ScheduleOverride? {
        try await select(owner).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.override()
    }

    func insert(_ override: ScheduleOverride) async throws {
        let (staffId, locationId): (StaffID?, LocationID?) =
            switch override.owner {
            case .staff(let id): (id, nil)
            case .location(let id): (nil, id)
            }
        try await sql.raw(
            """
            INSERT INTO schedule_overrides (tenant_id, id, staff_id, location_id, local_date, kind, intervals, reason, created_at)
            VALUES (\(bind: tenantId), \(bind: override.id), \(bind: staffId), \(bind: locationId), \(bind: override.date.description),
                    \(bind: override.kind.rawValue), \(bind: ScheduleIntervals.text(override.intervals)), \(bind: override.reason), \(bind: override.createdAt))
            """
        ).run()
    }

    func delete(_ id: ScheduleOverrideID) async throws {
        try await sql.raw("DELETE FROM schedule_overrides WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }

    /// Serializes writers of one owner's overrides until the transaction ends, so two requests
    /// cannot both pass the same-date check. SQLite transactions already hold the write lock.
    func lock(_ owner: ScheduleOwner) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        switch owner {
        case .staff(let id):
            try await sql.raw("SELECT id FROM staff WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) FOR UPDATE").run()
        case .location(let id):
            try await sql.raw("SELECT id FROM locations WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) FOR UPDATE").run()
        }
    }
}
