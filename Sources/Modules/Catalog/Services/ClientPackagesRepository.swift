import CRMCore
import Foundation
import SQLKit

/// Packages sold to the clients of one tenant; every statement is scoped by `tenantId`.
/// Whether the caller may see the client is the clients module's decision (`visibleClient`).
public struct ClientPackagesRepository: Sendable {
    let sql: any SQLDatabase
    public let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    public func on(_ sql: any SQLDatabase) -> ClientPackagesRepository { ClientPackagesRepository(sql: sql, tenantId: tenantId) }

    static let columns = ["id", "client_id", "package_id", "name", "price_minor", "sold_at", "expires_at", "sold_by"]

    struct Row: Decodable {
        let id: ClientPackageID
        let clientId: CustomerID
        let packageId: ServicePackageID
        let name: String
        let priceMinor: Int64
        let soldAt: Date
        let expiresAt: Date
        let soldBy: UserID?

        func package(units: [ClientPackage.Unit]) -> ClientPackage {
            ClientPackage(
                id: id, clientId: clientId, packageId: packageId, name: name, price: Money(minorUnits: priceMinor), soldAt: soldAt,
                expiresAt: expiresAt, soldBy: soldBy, units: units)
        }
    }

    public func find(_ id: ClientPackageID) async throws -> ClientPackage? {
        let row = try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("client_packages")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { return nil }
        return row.package(units: try await units(of: [id])[id] ?? [])
    }

    /// The client's packages, newest sale first.
    public func list(client: CustomerID, page: PageRequest) async throws -> (items: [ClientPackage], nextCursor: String?) {
        let columns = [CatalogSortColumn(column: "sold_at", kind: .time, descending: true)]
        let position = try CatalogSort.position(page.cursor, for: columns)
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) }).from("client_packages")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("client_id", .equal, SQLBind(client))
        Keyset.apply(to: select, columns: columns.map(\.keyset), idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let (items, next) = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.soldAt)], id: $0.id.uuid) }
        let units = try await units(of: items.map(\.id))
        return (items.map { $0.package(units: units[$0.id] ?? []) }, next)
    }

    func insert(_ package: ClientPackage) async throws {
        try await sql.raw(
            """
            INSERT INTO client_packages (tenant_id, id, client_id, package_id, name, price_minor, sold_at, expires_at, sold_by)
            VALUES (\(bind: tenantId), \(bind: package.id), \(bind: package.clientId), \(bind: package.packageId), \(bind: package.name),
                    \(bind: package.price.minorUnits), \(bind: package.soldAt), \(bind: package.expiresAt), \(bind: package.soldBy))
            """
        ).run()
        for (position, unit) in package.units.enumerated() {
            try await sql.raw(
                """
                INSERT INTO client_package_units (tenant_id, client_package_id, service_id, total, remaining, position)
                VALUES (\(bind: tenantId), \(bind: package.id), \(bind: unit.serviceId), \(bind: unit.total), \(bind: unit.remaining),
                        \(bind: position))
                """
            ).run()
        }
    }

    /// Uses one visit of `serviceId` from the package, on `sql` (the caller's transaction), and
    /// answers the visits left. One guarded UPDATE, so two bookings racing for the last visit
    /// cannot both get it. Refuses with `409`: `package_expired` at or after `expiresAt`,
    /// `package_exhausted` when none is left, `package_service_not_included`; an unknown package
    /// (or another tenant's) is `404`.
    public func consumeUnit(_ clientPackageId: ClientPackageID, serviceId: ServiceID, at now: Date, on sql: any SQLDatabase) async throws
        -> Int
    {
        let updated = try await sql.raw(
            """
            UPDATE client_package_units SET remaining = remaining - 1
            WHERE tenant_id = \(bind: tenantId) AND client_package_id = \(bind: clientPackageId) AND service_id = \(bind: serviceId)
              AND remaining > 0
              AND EXISTS (SELECT 1 FROM client_packages p
                          WHERE p.tenant_id = \(bind: tenantId) AND p.id = \(bind: clientPackageId) AND p.expires_at > \(bind: now))
            RETURNING remaining
            """
        ).first()
        if let updated { return try updated.decode(column: "remaining", as: Int.self) }
        // Nothing changed: say why.
        guard let package = try await on(sql).find(clientPackageId) else { throw AppError.notFound() }
        if package.isExpired(at: now) { throw AppError.conflict("package_expired") }
        guard package.units.contains(where: { $0.serviceId == serviceId }) else { throw AppError.conflict("package_service_not_included") }
        throw AppError.conflict("package_exhausted")
    }

    private func units(of ids: [ClientPackageID]) async throws -> [ClientPackageID: [ClientPackage.Unit]] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let clientPackageId: ClientPackageID
            let serviceId: ServiceID
            let total: Int
            let remaining: Int
        }
        let rows = try await sql.select().columns("client_package_id", "service_id", "total", "remaining").from("client_package_units")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("client_package_id", .in, ids)
            .orderBy("client_package_id").orderBy("position")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.clientPackageId).mapValues {
            $0.map { .init(serviceId: $0.serviceId, total: $0.total, remaining: $0.remaining) }
        }
    }
}
