import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/services`: the studio's service catalogue. Every role reads it; owners and managers
/// (`settings.write`) edit it. There is no DELETE: `active: false` retires a service.
public struct ServicesController: Sendable {
    let service: ServicesService

    public init(service: ServicesService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("services", .feature(.services), use: list)
        routes.post("services", .needs(.settingsWrite, feature: .services), use: create)
        routes.get("services/{id}", .feature(.services), use: show)
        routes.patch("services/{id}", .needs(.settingsWrite, feature: .services), use: update)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "category": FilterSpec(.string, operators: [.eq, .in]),
            "active": FilterSpec(.bool),
            "onlineBookable": FilterSpec(.bool),
        ],
        sortable: ["name", "createdAt", "basePrice"], defaultSort: [.ascending("name")])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<ServiceDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = ServicesRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("category", .string(let category)): filter.categories = [category]
            case ("category", .list(let values)):
                filter.categories = values.compactMap { if case .string(let category) = $0 { category } else { nil } }
            case ("active", .bool(let active)): filter.active = active
            case ("onlineBookable", .bool(let bookable)): filter.onlineBookable = bookable
            default: continue
            }
        }
        let page = try await service.services(context.scope).list(filter, sort: query.sort, page: query.page)
        return Page(items: page.items.map(ServiceDTO.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> ServiceDTO {
        ServiceDTO(try await service.service(try context.pathID(as: ServiceID.self), context.scope))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ServiceDTO> {
        let body = try await BodyFields.decode(request, context: context)
        return EditedResponse(status: .created, response: ServiceDTO(try await service.create(ServiceChanges.read(body, creating: true), scope: context.scope)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> ServiceDTO {
        let id = try context.pathID(as: ServiceID.self)
        let body = try await BodyFields.decode(request, context: context)
        return ServiceDTO(try await service.update(id, ServiceChanges.read(body, creating: false), scope: context.scope))
    }

    /// A malformed id is as unknown as another tenant's.
}
