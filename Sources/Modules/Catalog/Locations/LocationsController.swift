import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/locations`: the studio's places with their weekly hours and dated overrides. Everyone who
/// reads the calendar reads them; changing them is a setting.
public struct LocationsController: Sendable {
    let service: LocationsService

    public init(service: LocationsService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("locations", .needs(.appointmentsRead), use: list)
        routes.post("locations", .needs(.settingsWrite), use: create)
        routes.get("locations/{id}", .needs(.appointmentsRead), use: show)
        routes.patch("locations/{id}", .needs(.settingsWrite), use: update)
        routes.get("locations/{id}/overrides", .needs(.appointmentsRead), use: listOverrides)
        routes.post("locations/{id}/overrides", .needs(.settingsWrite), use: addOverride)
        routes.delete("locations/{id}/overrides/{overrideId}", .needs(.settingsWrite), use: removeOverride)
    }

    static let listSpec = ListQuerySpec(filters: ["active": FilterSpec(.bool)])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<LocationDTO> {
        let query = try ListQuery.parse(SchedulingRequest.query(request), spec: Self.listSpec, timeZone: context.timeZone)
        var filter = LocationRepository.Filter()
        for condition in query.filters {
            if condition.field == "active", case .bool(let value) = condition.value { filter.active = value }
        }
        let page = try await service.locations(context.scope).list(filter, page: query.page)
        return Page(items: page.items.map(LocationDTO.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> LocationDTO {
        LocationDTO(try await service.location(try context.pathID(as: LocationID.self), context.scope))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<LocationDTO> {
        let input = try await request.decodeJSON(as: CreateLocationInput.self, context: context)
        return EditedResponse(status: .created, response: LocationDTO(try await service.create(input, scope: context.scope)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> LocationDTO {
        let id = try context.pathID(as: LocationID.self)
        let input = try await request.decodeJSON(as: UpdateLocationInput.self, context: context)
        return LocationDTO(try await service.update(id, input, scope: context.scope))
    }

    @Sendable func listOverrides(_ request: Request, context: TenantRequestContext) async throws -> Page<ScheduleOverrideDTO> {
        let id = try context.pathID(as: LocationID.self)
        let query = try ListQuery.parse(SchedulingRequest.query(request), spec: ScheduleOverridesService.listSpec, timeZone: context.timeZone)
        return try await service.listOverrides(of: id, query: query, scope: context.scope)
    }

    @Sendable func addOverride(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ScheduleOverrideDTO> {
        let location = try await service.location(try context.pathID(as: LocationID.self), context.scope)
        let input = try await request.decodeJSON(as: ScheduleOverrideInput.self, context: context)
        return EditedResponse(
            status: .created, response: ScheduleOverrideDTO(try await service.addOverride(to: location, input, scope: context.scope)))
    }

    @Sendable func removeOverride(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let location = try await service.location(try context.pathID(as: LocationID.self), context.scope)
        try await service.removeOverride(try SchedulingRequest.overrideId(context), of: location, scope: context.scope)
        return Response(status: .noContent)
    }

    /// A malformed id is as unknown as another tenant's.
}
