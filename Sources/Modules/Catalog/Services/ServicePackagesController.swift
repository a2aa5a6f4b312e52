import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/service-packages`: package definitions, with the same policies as services.
public struct ServicePackagesController: Sendable {
    let service: ServicePackagesService

    public init(service: ServicePackagesService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("service-packages", .feature(.services), use: list)
        routes.post("service-packages", .needs(.settingsWrite, feature: .services), use: create)
        routes.get("service-packages/{id}", .feature(.services), use: show)
        routes.patch("service-packages/{id}", .needs(.settingsWrite, feature: .services), use: update)
    }

    static let listSpec = ListQuerySpec(
        filters: ["active": FilterSpec(.bool)], sortable: ["name", "createdAt", "price"], defaultSort: [.ascending("name")])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<ServicePackageDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var active: Bool?
        for condition in query.filters {
            if condition.field == "active", case .bool(let value) = condition.value { active = value }
        }
        let page = try await service.packages(context.scope).list(active: active, sort: query.sort, page: query.page)
        return Page(items: page.items.map(ServicePackageDTO.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> ServicePackageDTO {
        ServicePackageDTO(try await service.package(try context.pathID(as: ServicePackageID.self), context.scope))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ServicePackageDTO> {
        let body = try await BodyFields.decode(request, context: context)
        return EditedResponse(status: .created, response: ServicePackageDTO(try await service.create(ServicePackageChanges.read(body, creating: true), scope: context.scope)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> ServicePackageDTO {
        let id = try context.pathID(as: ServicePackageID.self)
        let body = try await BodyFields.decode(request, context: context)
        return ServicePackageDTO(try await service.update(id, ServicePackageChanges.read(body, creating: false), scope: context.scope))
    }
}

/// A package definition as the API shows it.
struct ServicePackageDTO: Encodable, ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let serviceId: ServiceID
        let count: Int
    }

    let id: ServicePackageID
    let name: String
    let items: [Item]
    let price: Money
    let validityDays: Int
    let active: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ package: ServicePackage) {
        id = package.id
        name = package.name
        items = package.items.map { Item(serviceId: $0.serviceId, count: $0.count) }
        price = package.price
        validityDays = package.validityDays
        active = package.active
        createdAt = package.createdAt
        updatedAt = package.updatedAt
    }
}
