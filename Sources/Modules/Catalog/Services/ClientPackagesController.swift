import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/clients/{id}/packages` and `/client-packages/{id}`: packages sold to clients. Selling needs
/// `clients.write`, reading `clients.read`; both are part of the `services` feature.
public struct ClientPackagesController: Sendable {
    let service: ClientPackagesService

    public init(service: ClientPackagesService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("clients/{id}/packages", .needs(.clientsRead, feature: .services), use: list)
        routes.post("clients/{id}/packages", .needs(.clientsWrite, feature: .services), use: sell)
        routes.get("client-packages/{id}", .needs(.clientsRead, feature: .services), use: show)
    }

    static let listSpec = ListQuerySpec()

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<ClientPackageDTO> {
        let clientId = try Self.clientId(context)
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        let page = try await service.list(client: clientId, page: query.page, scope: context.scope)
        let now = context.clock.now()
        let reserved = try await service.reservedVisits(of: page.items, scope: context.scope)
        return Page(items: page.items.map { ClientPackageDTO($0, reserved: reserved[$0.id] ?? [:], now: now) }, nextCursor: page.nextCursor)
    }

    @Sendable func sell(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ClientPackageDTO> {
        let clientId = try Self.clientId(context)
        let sale = PackageSale.read(try await BodyFields.decode(request, context: context))
        let sold = try await service.sell(to: clientId, sale, scope: context.scope)
        return EditedResponse(status: .created, response: ClientPackageDTO(sold, reserved: [:], now: context.clock.now()))
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> ClientPackageDTO {
        let id = try context.pathID(as: ClientPackageID.self)
        let package = try await service.package(id, context.scope)
        let reserved = try await service.reservedVisits(of: [package], scope: context.scope)
        return ClientPackageDTO(package, reserved: reserved[package.id] ?? [:], now: context.clock.now())
    }

    static func clientId(_ context: TenantRequestContext) throws -> CustomerID {
        let id = try context.pathID(as: CustomerID.self)
        return id
    }
}

/// A sold package as the API shows it.
struct ClientPackageDTO: Encodable, ResponseEncodable, Sendable {
    struct Unit: Encodable, Sendable {
        let serviceId: ServiceID
        let total: Int
        /// Visits still free to book (booked ones are already taken from it).
        let remaining: Int
        /// Visits taken by open bookings: given back if they are cancelled in time.
        let reserved: Int
    }

    let id: ClientPackageID
    let clientId: CustomerID
    let packageId: ServicePackageID
    let name: String
    let price: Money
    let soldAt: Date
    let expiresAt: Date
    let expired: Bool
    let units: [Unit]

    init(_ package: ClientPackage, reserved: [ServiceID: Int], now: Date) {
        id = package.id
        clientId = package.clientId
        packageId = package.packageId
        name = package.name
        price = package.price
        soldAt = package.soldAt
        expiresAt = package.expiresAt
        expired = package.isExpired(at: now)
        units = package.units.map {
            Unit(serviceId: $0.serviceId, total: $0.total, remaining: $0.remaining, reserved: reserved[$0.serviceId] ?? 0)
        }
    }
}
