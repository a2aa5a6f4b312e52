import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/staff`: the specialists who take appointments, their weekly schedules and dated overrides.
/// Everyone who reads the calendar reads them; changing them is a setting, except that a user
/// may add and remove overrides of the staff record linked to them (checked in the service).
public struct StaffController: Sendable {
    let service: StaffService

    public init(service: StaffService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("staff", .needs(.appointmentsRead), use: list)
        routes.post("staff", .needs(.settingsWrite), use: create)
        routes.get("staff/{id}", .needs(.appointmentsRead), use: show)
        routes.patch("staff/{id}", .needs(.settingsWrite), use: update)
        routes.get("staff/{id}/overrides", .needs(.appointmentsRead), use: listOverrides)
        routes.post("staff/{id}/overrides", .needs(.appointmentsWrite), use: addOverride)
        routes.delete("staff/{id}/overrides/{overrideId}", .needs(.appointmentsWrite), use: removeOverride)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "active": FilterSpec(.bool), "locationId": FilterSpec(.uuid), "userId": FilterSpec(.uuid), "serviceId": FilterSpec(.uuid),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<StaffDTO> {
        let query = try ListQuery.parse(SchedulingRequest.query(request), spec: Self.listSpec, timeZone: context.timeZone)
        var filter = StaffRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("active", .bool(let value)): filter.active = value
            case ("locationId", .uuid(let value)): filter.locationId = LocationID(value)
            case ("userId", .uuid(let value)): filter.userId = UserID(value)
            case ("serviceId", .uuid(let value)): filter.serviceId = ServiceID(value)
            default: break
            }
        }
        let page = try await service.staff(context.scope).list(filter, page: query.page)
        return Page(items: page.items.map(StaffDTO.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> StaffDTO {
        StaffDTO(try await service.member(try context.pathID(as: StaffID.self), context.scope))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<StaffDTO> {
        let input = try await request.decodeJSON(as: CreateStaffInput.self, context: context)
        return EditedResponse(status: .created, response: StaffDTO(try await service.create(input, scope: context.scope)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> StaffDTO {
        let id = try context.pathID(as: StaffID.self)
        let input = try await request.decodeJSON(as: UpdateStaffInput.self, context: context)
        return StaffDTO(try await service.update(id, input, scope: context.scope))
    }

    @Sendable func listOverrides(_ request: Request, context: TenantRequestContext) async throws -> Page<ScheduleOverrideDTO> {
        let id = try context.pathID(as: StaffID.self)
        let query = try ListQuery.parse(SchedulingRequest.query(request), spec: ScheduleOverridesService.listSpec, timeZone: context.timeZone)
        return try await service.listOverrides(of: id, query: query, scope: context.scope)
    }

    @Sendable func addOverride(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ScheduleOverrideDTO> {
        let member = try await service.overridesOwner(try context.pathID(as: StaffID.self), scope: context.scope)
        let input = try await request.decodeJSON(as: ScheduleOverrideInput.self, context: context)
        return EditedResponse(status: .created, response: ScheduleOverrideDTO(try await service.addOverride(to: member, input, scope: context.scope)))
    }

    @Sendable func removeOverride(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let member = try await service.overridesOwner(try context.pathID(as: StaffID.self), scope: context.scope)
        try await service.removeOverride(try SchedulingRequest.overrideId(context), of: member, scope: context.scope)
        return Response(status: .noContent)
    }

    /// A malformed id is as unknown as another tenant's.
}
