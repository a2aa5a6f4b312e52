import CRMCore
import Foundation
import Tenancy
import Clients

/// Selling packages to clients and reading them. Which clients the caller may touch is the
/// clients module's object policy (`ClientsService.visibleClient`): another tenant's client, or
/// a specialist's non-client, is 404 here too.
public struct ClientPackagesService: Sendable {
    let database: Database
    let clients: ClientsService

    public init(database: Database, clients: ClientsService) {
        self.database = database
        self.clients = clients
    }

    func packages(_ scope: TenantScope) -> ClientPackagesRepository {
        ClientPackagesRepository(sql: database.sql, tenantId: scope.tenantId)
    }

    /// A sold package whose client the caller may see; anything else is 404.
    func package(_ id: ClientPackageID, _ scope: TenantScope) async throws -> ClientPackage {
        guard let package = try await packages(scope).find(id) else { throw AppError.notFound() }
        _ = try await clients.visibleClient(package.clientId, scope: scope)
        return package
    }

    func list(client id: CustomerID, page: PageRequest, scope: TenantScope) async throws -> (
        items: [ClientPackage], nextCursor: String?
    ) {
        let client = try await clients.visibleClient(id, scope: scope)
        return try await packages(scope).list(client: client.id, page: page)
    }

    /// Visits of `packages` that open bookings hold, per package and service.
    func reservedVisits(of packages: [ClientPackage], scope: TenantScope) async throws -> [ClientPackageID: [ServiceID: Int]] {
        try await PackageVisits(tenant: scope.tenantId).reservedCounts(of: packages.map(\.id), on: database.sql)
    }

    /// Sells an active package definition to the client: its name, price and visits per service
    /// are copied, and it expires at the end of the local day `validityDays` after today.
    func sell(to clientId: CustomerID, _ sale: PackageSale, scope: TenantScope) async throws -> ClientPackage {
        let client = try await clients.visibleClient(clientId, scope: scope)
        guard sale.problems.isEmpty, let packageId = sale.packageId else { throw AppError.validation(sale.problems) }
        guard client.archivedAt == nil else { throw AppError.conflict("client_archived") }
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard let definition = try await ServicePackagesRepository(sql: sql, tenantId: scope.tenantId).find(packageId) else {
                throw AppError.validation(field: "packageId", "not_found")
            }
            guard definition.active else { throw AppError.validation(field: "packageId", "inactive") }
            let sold = ClientPackage(
                id: .random(), clientId: client.id, packageId: definition.id, name: definition.name, price: definition.price, soldAt: now,
                expiresAt: ClientPackage.expiry(soldAt: now, validityDays: definition.validityDays, in: scope.timeZone),
                soldBy: scope.userId,
                units: definition.items.map { .init(serviceId: $0.serviceId, total: $0.count, remaining: $0.count) })
            try await packages(scope).on(sql).insert(sold)
            let record = MutationRecord(
                action: "client_package.sold", entityType: "client_package", entityId: sold.id.description, after: sold.auditSnapshot)
            return (sold, [record])
        }
    }
}

/// `POST /clients/{id}/packages {packageId}`, read at the edge with its problems.
struct PackageSale: Sendable {
    var packageId: ServicePackageID?
    var problems: [String: String]

    static func read(_ body: BodyFields) -> PackageSale {
        var fields = body
        let text = fields.text("packageId", maxLength: 64)
        fields.require("packageId", text, creating: true)
        let packageId = text.value.flatMap(ServicePackageID.init(string:))
        if text.value != nil, packageId == nil { fields.problem("packageId", "invalid") }
        return PackageSale(packageId: packageId, problems: fields.problems)
    }
}
