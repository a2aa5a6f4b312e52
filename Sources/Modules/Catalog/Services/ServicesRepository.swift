import CRMCore
import Foundation
import SQLKit

/// The services of one tenant. Built per request for that tenant: every statement is scoped by
/// `tenantId`, so another tenant's service is simply not found. Other modules (staff, rooms,
/// appointments) use `find` and `existingIds` to check the service ids they are given.
public struct ServicesRepository: Sendable {
    let sql: any SQLDatabase
    public let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    /// The same repository on another connection (a transaction's).
    public func on(_ sql: any SQLDatabase) -> ServicesRepository { ServicesRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "category", "name", "description", "base_price_minor", "cost_minor", "duration_minutes", "break_minutes",
        "online_bookable", "deposit_rule", "active", "created_at", "updated_at", "name_key",
    ]

    struct Row: Decodable {
        let id: ServiceID
        let category: String
        let name: String
        let description: String?
        let basePriceMinor: Int64
        let costMinor: Int64?
        let durationMinutes: Int
        let breakMinutes: Int
        let onlineBookable: Bool
        let depositRule: String?
        let active: Bool
        let createdAt: Date
        let updatedAt: Date
        let nameKey: String

        func service(upsells: [ServiceID]) -> StudioService {
            StudioService(
                id: id, category: category, name: name, description: description, basePrice: Money(minorUnits: basePriceMinor),
                cost: costMinor.map(Money.init(minorUnits:)), durationMinutes: durationMinutes, breakMinutes: breakMinutes,
                onlineBookable: onlineBookable, depositRule: depositRule.flatMap(ServiceDepositRule.init(storageText:)), active: active,
                upsellServiceIds: upsells, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    public struct Filter: Sendable {
        public var categories: [String]?
        public var active: Bool?
        public var onlineBookable: Bool?

        public init(categories: [String]? = nil, active: Bool? = nil, onlineBookable: Bool? = nil) {
            self.categories = categories
            self.active = active
            self.onlineBookable = onlineBookable
        }
    }

    /// API sort field → column.
    static let sortColumns: [String: (String, CatalogSortColumn.Kind)] = [
        "name": ("name_key", .text), "createdAt": ("created_at", .time), "basePrice": ("base_price_minor", .integer),
    ]

    /// One page in `sort` order (then id), continuing after the page's cursor.
    public func list(_ filter: Filter, sort: [SortKey], page: PageRequest) async throws -> (items: [StudioService], nextCursor: String?) {
        let columns = CatalogSort.columns(sort, Self.sortColumns)
        let position = try CatalogSort.position(page.cursor, for: columns)
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("services").where("tenant_id", .equal, SQLBind(tenantId))
        if let categories = filter.categories { select.where("category", .in, categories) }
        if let active = filter.active { select.where("active", .equal, SQLBind(active)) }
        if let bookable = filter.onlineBookable { select.where("online_bookable", .equal, SQLBind(bookable)) }
        Keyset.apply(to: select, columns: columns.map(\.keyset), idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let (items, next) = Keyset.page(rows, limit: page.limit) { row in
            KeysetPosition(
                values: columns.map { column in
                    switch column.column {
                    case "created_at": .time(row.createdAt)
                    case "base_price_minor": .integer(row.basePriceMinor)
                    default: .text(row.nameKey)
                    }
                }, id: row.id.uuid)
        }
        let upsells = try await upsellIds(of: items.map(\.id))
        return (items.map { $0.service(upsells: upsells[$0.id] ?? []) }, next)
    }

    public func find(_ id: ServiceID) async throws -> StudioService? {
        let row = try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("services")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { return nil }
        return row.service(upsells: try await upsellIds(of: [id])[id] ?? [])
    }

    /// Which of `ids` are services of this tenant (`activeOnly`: and active).
    public func existingIds(_ ids: some Collection<ServiceID>, activeOnly: Bool = false) async throws -> Set<ServiceID> {
        guard !ids.isEmpty else { return [] }
        let select = sql.select().column("id").from("services").where("tenant_id", .equal, SQLBind(tenantId))
            .where("id", .in, Array(Set(ids)))
        if activeOnly { select.where("active", .equal, SQLBind(true)) }
        return Set(try await select.all().map { try $0.decode(column: "id", as: ServiceID.self) })
    }

    /// Whether another service of the tenant already has a name with this key.
    func nameIsTaken(_ nameKey: String, excluding id: ServiceID? = nil) async throws -> Bool {
        let select = sql.select().column("id").from("services").where("tenant_id", .equal, SQLBind(tenantId))
            .where("name_key", .equal, SQLBind(nameKey))
        if let id { select.where("id", .notEqual, SQLBind(id)) }
        return try await select.first() != nil
    }

    func insert(_ service: StudioService) async throws {
        try await sql.raw(
            """
            INSERT INTO services (tenant_id, id, category, name, name_key, description, base_price_minor, cost_minor, duration_minutes,
                                  break_minutes, online_bookable, deposit_rule, active, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: service.id), \(bind: service.category), \(bind: service.name),
                    \(bind: StudioService.nameKey(service.name)), \(bind: service.description), \(bind: service.basePrice.minorUnits),
                    \(bind: service.cost?.minorUnits), \(bind: service.durationMinutes), \(bind: service.breakMinutes),
                    \(bind: service.onlineBookable), \(bind: service.depositRule?.storageText), \(bind: service.active),
                    \(bind: service.createdAt), \(bind: service.updatedAt))
            """
        ).run()
        try await replaceUpsells(of: service.id, with: service.upsellServiceIds)
    }

    /// Writes every editable field, and the upsell set when it changed.
    func update(_ service: StudioService, upsellsChanged: Bool) async throws {
        try await sql.raw(
            """
            UPDATE services SET category = \(bind: service.category), name = \(bind: service.name),
                   name_key = \(bind: StudioService.nameKey(service.name)), description = \(bind: service.description),
                   base_price_minor = \(bind: service.basePrice.minorUnits), cost_minor = \(bind: service.cost?.minorUnits),
                   duration_minutes = \(bind: service.durationMinutes), break_minutes = \(bind: service.breakMinutes),
                   online_bookable = \(bind: service.onlineBookable), deposit_rule = \(bind: service.depositRule?.storageText),
                   active = \(bind: service.active), updated_at = \(bind: service.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: service.id)
            """
        ).run()
        if upsellsChanged { try await replaceUpsells(of: service.id, with: service.upsellServiceIds) }
    }

    /// Takes the row's write lock for the rest of the transaction (a no-op update works on both
    /// engines), so a read-modify-write cannot interleave with another one on PostgreSQL.
    func lock(_ id: ServiceID) async throws {
        try await sql.raw("UPDATE services SET active = active WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }

    private func replaceUpsells(of id: ServiceID, with upsells: [ServiceID]) async throws {
        try await sql.raw("DELETE FROM service_upsells WHERE tenant_id = \(bind: tenantId) AND service_id = \(bind: id)").run()
        for (position, upsell) in upsells.enumerated() {
            try await sql.raw(
                """
                INSERT INTO service_upsells (tenant_id, service_id, upsell_service_id, position)
                VALUES (\(bind: tenantId), \(bind: id), \(bind: upsell), \(bind: position))
                """
            ).run()
        }
    }

    /// The upsell ids of each of `ids`, in their stored order.
    private func upsellIds(of ids: [ServiceID]) async throws -> [ServiceID: [ServiceID]] {
        guard !ids.isEmpty else { return [:] }
        struct Link: Decodable {
            let serviceId: ServiceID
            let upsellServiceId: ServiceID
        }
        let links = try await sql.select().columns("service_id", "upsell_service_id").from("service_upsells")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("service_id", .in, ids)
            .orderBy("service_id").orderBy("position")
            .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: links, by: \.serviceId).mapValues { $0.map(\.upsellServiceId) }
    }
}
