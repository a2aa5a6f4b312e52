import CRMCore
import Foundation
import SQLKit

/// The package definitions of one tenant; every statement is scoped by `tenantId`.
public struct ServicePackagesRepository: Sendable {
    let sql: any SQLDatabase
    public let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    public func on(_ sql: any SQLDatabase) -> ServicePackagesRepository { ServicePackagesRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "name", "name_key", "price_minor", "validity_days", "active", "created_at", "updated_at"]

    struct Row: Decodable {
        let id: ServicePackageID
        let name: String
        let nameKey: String
        let priceMinor: Int64
        let validityDays: Int
        let active: Bool
        let createdAt: Date
        let updatedAt: Date

        func package(items: [ServicePackage.Item]) -> ServicePackage {
            ServicePackage(
                id: id, name: name, items: items, price: Money(minorUnits: priceMinor), validityDays: validityDays, active: active,
                createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    static let sortColumns: [String: (String, CatalogSortColumn.Kind)] = [
        "name": ("name_key", .text), "createdAt": ("created_at", .time), "price": ("price_minor", .integer),
    ]

    public func list(active: Bool?, sort: [SortKey], page: PageRequest) async throws -> (items: [ServicePackage], nextCursor: String?) {
        let columns = CatalogSort.columns(sort, Self.sortColumns)
        let position = try CatalogSort.position(page.cursor, for: columns)
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("service_packages")
            .where("tenant_id", .equal, SQLBind(tenantId))
        if let active { select.where("active", .equal, SQLBind(active)) }
        Keyset.apply(to: select, columns: columns.map(\.keyset), idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let (items, next) = Keyset.page(rows, limit: page.limit) { row in
            KeysetPosition(
                values: columns.map { column in
                    switch column.column {
                    case "created_at": .time(row.createdAt)
                    case "price_minor": .integer(row.priceMinor)
                    default: .text(row.nameKey)
                    }
                }, id: row.id.uuid)
        }
        let packageItems = try await self.items(of: items.map(\.id))
        return (items.map { $0.package(items: packageItems[$0.id] ?? []) }, next)
    }

    public func find(_ id: ServicePackageID) async throws -> ServicePackage? {
        let row = try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("service_packages")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { return nil }
        return row.package(items: try await items(of: [id])[id] ?? [])
    }

    func insert(_ package: ServicePackage) async throws {
        try await sql.raw(
            """
            INSERT INTO service_packages (tenant_id, id, name, name_key, price_minor, validity_days, active, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: package.id), \(bind: package.name), \(bind: StudioService.nameKey(package.name)),
                    \(bind: package.price.minorUnits), \(bind: package.validityDays), \(bind: package.active), \(bind: package.createdAt),
                    \(bind: package.updatedAt))
            """
        ).run()
        try await replaceItems(of: package.id, with: package.items)
    }

    func update(_ package: ServicePackage, itemsChanged: Bool) async throws {
        try await sql.raw(
            """
            UPDATE service_packages SET name = \(bind: package.name), name_key = \(bind: StudioService.nameKey(package.name)),
                   price_minor = \(bind: package.price.minorUnits), validity_days = \(bind: package.validityDays),
                   active = \(bind: package.active), updated_at = \(bind: package.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: package.id)
            """
        ).run()
        if itemsChanged { try await replaceItems(of: package.id, with: package.items) }
    }

    /// Takes the row's write lock for the rest of the transaction (see `ServicesRepository.lock`).
    func lock(_ id: ServicePackageID) async throws {
        try await sql.raw("UPDATE service_packages SET active = active WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }

    private func replaceItems(of id: ServicePackageID, with items: [ServicePackage.Item]) async throws {
        try await sql.raw("DELETE FROM service_package_items WHERE tenant_id = \(bind: tenantId) AND package_id = \(bind: id)").run()
        for (position, item) in items.enumerated() {
            try await sql.raw(
                """
                INSERT INTO service_package_items (tenant_id, package_id, service_id, unit_count, position)
                VALUES (\(bind: tenantId), \(bind: id), \(bind: item.serviceId), \(bind: item.count), \(bind: position))
                """
            ).run()
        }
    }

    private func items(of ids: [ServicePackageID]) async throws -> [ServicePackageID: [ServicePackage.Item]] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let packageId: ServicePackageID
            let serviceId: ServiceID
            let unitCount: Int
        }
        let rows = try await sql.select().columns("package_id", "service_id", "unit_count").from("service_package_items")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("package_id", .in, ids)
            .orderBy("package_id").orderBy("position")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.packageId).mapValues { $0.map { .init(serviceId: $0.serviceId, count: $0.unitCount) } }
    }
}
