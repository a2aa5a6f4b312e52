import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/rooms`: the rooms of the studio's locations and the services they can host.
public struct RoomsController: Sendable {
    let service: RoomsService

    public init(service: RoomsService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("rooms", .needs(.appointmentsRead), use: list)
        routes.post("rooms", .needs(.settingsWrite), use: create)
        routes.get("rooms/{id}", .needs(.appointmentsRead), use: show)
        routes.patch("rooms/{id}", .needs(.settingsWrite), use: update)
    }

    static let listSpec = ListQuerySpec(
        filters: ["active": FilterSpec(.bool), "locationId": FilterSpec(.uuid), "serviceId": FilterSpec(.uuid)])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<RoomDTO> {
        let query = try ListQuery.parse(SchedulingRequest.query(request), spec: Self.listSpec, timeZone: context.timeZone)
        var filter = RoomRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("active", .bool(let value)): filter.active = value
            case ("locationId", .uuid(let value)): filter.locationId = LocationID(value)
            case ("serviceId", .uuid(let value)): filter.serviceId = ServiceID(value)
            default: break
            }
        }
        let page = try await service.rooms(context.scope).list(filter, page: query.page)
        return Page(items: page.items.map(RoomDTO.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> RoomDTO {
        RoomDTO(try await service.room(try context.pathID(as: RoomID.self), context.scope))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<RoomDTO> {
        let input = try await request.decodeJSON(as: CreateRoomInput.self, context: context)
        return EditedResponse(status: .created, response: RoomDTO(try await service.create(input, scope: context.scope)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> RoomDTO {
        let id = try context.pathID(as: RoomID.self)
        let input = try await request.decodeJSON(as: UpdateRoomInput.self, context: context)
        return RoomDTO(try await service.update(id, input, scope: context.scope))
    }

    /// A malformed id is as unknown as another tenant's.
}
