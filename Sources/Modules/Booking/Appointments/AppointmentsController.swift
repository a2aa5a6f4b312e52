import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/appointments`: the calendar's bookings. Reading needs `appointments.read`, every change
/// `appointments.write` (finance and read-only roles lack it); both need the `calendar` feature.
/// Specialists see and change only the appointments of the staff record linked to them.
public struct AppointmentsController: Sendable {
    let service: AppointmentsService

    public init(service: AppointmentsService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.appointmentsRead, feature: .calendar)
        let write = RoutePolicy.needs(.appointmentsWrite, feature: .calendar)
        routes.get("appointments", read, use: list)
        routes.post("appointments", write, use: create)
        routes.get("appointments/{id}", read, use: show)
        routes.patch("appointments/{id}", write, use: update)
        routes.post("appointments/{id}/reschedule", write, use: reschedule)
        routes.post("appointments/{id}/status", write, use: changeStatus)
        for (path, status) in Self.shortcuts {
            routes.post(
                "appointments/{id}/\(path)", write,
                use: { @Sendable (request: Request, context: TenantRequestContext) async throws -> AppointmentDTO in
                    try await transition(request, context: context, to: status)
                })
        }
    }

    /// Convenience routes: `POST /appointments/{id}/<path>` with an optional `{reason}`.
    static let shortcuts: [(String, AppointmentStatus)] = [
        ("confirm", .confirmed), ("start", .inProgress), ("complete", .completed), ("cancel", .cancelled), ("no-show", .noShow),
    ]

    static let listSpec = ListQuerySpec(
        filters: [
            "from": FilterSpec(.dateTime), "to": FilterSpec(.dateTime), "staffId": FilterSpec(.uuid, operators: [.eq, .in]),
            "clientId": FilterSpec(.uuid),
            "status": FilterSpec(.enumeration(Set(AppointmentStatus.allCases.map(\.rawValue))), operators: [.eq, .in]),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<AppointmentDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = AppointmentsRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("from", .dateTime(let from)): filter.from = from
            case ("to", .dateTime(let to)): filter.to = to
            case ("staffId", .uuid(let id)): filter.staffIds = [StaffID(id)]
            case ("staffId", .list(let values)): filter.staffIds = values.compactMap { if case .uuid(let id) = $0 { StaffID(id) } else { nil } }
            case ("clientId", .uuid(let id)): filter.clientId = CustomerID(id)
            case ("status", .string(let status)): filter.statuses = AppointmentStatus(rawValue: status).map { [$0] }
            case ("status", .list(let values)):
                filter.statuses = values.compactMap { if case .string(let text) = $0 { AppointmentStatus(rawValue: text) } else { nil } }
            default: continue
            }
        }
        if let from = filter.from, let to = filter.to, to <= from { throw AppError.validation(["filter[to]": "before_from"]) }
        let page = try await service.list(filter, page: query.page, scope: context.scope)
        let names = try await service.clientNames(page.items.map(\.clientId), tenant: context.scope.tenantId)
        return Page(
            items: page.items.map { var dto = AppointmentDTO($0, timeZone: context.timeZone); dto.clientName = names[$0.clientId]; return dto },
            nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> AppointmentDTO {
        try await detailed(try await service.appointment(try context.pathID(as: AppointmentID.self), context.scope), context: context)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<AppointmentDTO> {
        let input = AppointmentInput.create(try await BodyFields.decode(request, context: context), timeZone: context.timeZone)
        let appointment = try await service.create(input, scope: context.scope)
        return EditedResponse(status: .created, response: try await detailed(appointment, context: context))
    }

    /// One appointment with its deposit link while the deposit is still to pay.
    func detailed(_ appointment: Appointment, context: TenantRequestContext) async throws -> AppointmentDTO {
        var dto = try await named(appointment, context: context)
        if appointment.depositStatus == .required, let deposits = service.deposits {
            dto.depositPayUrl = try await deposits.payURL(for: appointment.id, tenant: context.identity.tenant)
        }
        return dto
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> AppointmentDTO {
        let id = try context.pathID(as: AppointmentID.self)
        let input = AppointmentInput.edit(try await BodyFields.decode(request, context: context))
        return try await named(try await service.edit(id, input, scope: context.scope), context: context)
    }

    @Sendable func reschedule(_ request: Request, context: TenantRequestContext) async throws -> AppointmentDTO {
        let id = try context.pathID(as: AppointmentID.self)
        let input = AppointmentInput.reschedule(try await BodyFields.decode(request, context: context), timeZone: context.timeZone)
        return try await named(try await service.reschedule(id, input, scope: context.scope), context: context)
    }

    /// `{status, reason}`.
    @Sendable func changeStatus(_ request: Request, context: TenantRequestContext) async throws -> AppointmentDTO {
        let id = try context.pathID(as: AppointmentID.self)
        var fields = try await BodyFields.decode(request, context: context)
        let status: BodyField<AppointmentStatus> = fields.enumeration("status")
        let reason = fields.text("reason", maxLength: AppointmentInput.maxReasonLength)
        fields.require("status", status, creating: true)
        guard fields.problems.isEmpty, let target = status.value else { throw AppError.validation(fields.problems) }
        let appointment = try await service.transition(id, to: target, reason: reason.value, scope: context.scope)
        return try await named(appointment, context: context)
    }

    private func transition(_ request: Request, context: TenantRequestContext, to status: AppointmentStatus) async throws -> AppointmentDTO {
        let id = try context.pathID(as: AppointmentID.self)
        let reason = try await BodyFields.optionalReason(request, context: context, maxLength: AppointmentInput.maxReasonLength)
        return try await named(try await service.transition(id, to: status, reason: reason, scope: context.scope), context: context)
    }

    /// One appointment as the API shows it, with its client's name.
    func named(_ appointment: Appointment, context: TenantRequestContext) async throws -> AppointmentDTO {
        var dto = AppointmentDTO(appointment, timeZone: context.timeZone)
        dto.clientName = try await service.clientNames([appointment.clientId], tenant: context.scope.tenantId)[appointment.clientId]
        return dto
    }
}
