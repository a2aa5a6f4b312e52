import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Clients
import Catalog

/// `/waitlist`: clients waiting for a time to free up (SPEC §5). Reading needs
/// `appointments.read`, changes `appointments.write`, both the `calendar` feature (every plan);
/// ranking candidates for a freed time (`POST /waitlist/match`) is `waitlist.smart` (veloria+).
public struct WaitlistController: Sendable {
    let service: WaitlistService

    public init(service: WaitlistService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.appointmentsRead, feature: .calendar)
        let write = RoutePolicy.needs(.appointmentsWrite, feature: .calendar)
        routes.get("waitlist", read, use: list)
        routes.post("waitlist", write, use: create)
        routes.post("waitlist/match", .needs(.appointmentsRead, feature: .waitlistSmart), use: match)
        routes.get("waitlist/{id}", read, use: show)
        routes.patch("waitlist/{id}", write, use: update)
        routes.post("waitlist/{id}/cancel", write, use: cancel)
        routes.post("waitlist/{id}/book", write, use: book)
    }

    static let listSpec = ListQuerySpec(filters: [
        "status": FilterSpec(.enumeration(Set(WaitlistEntry.Status.allCases.map(\.rawValue))), operators: [.eq, .in]),
        "clientId": FilterSpec(.uuid), "serviceId": FilterSpec(.uuid),
    ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<WaitlistEntryDTO> {
        let query = try ListQuery.parse(request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = WaitlistRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("status", .string(let status)): filter.statuses = WaitlistEntry.Status(rawValue: status).map { [$0] }
            case ("status", .list(let values)):
                filter.statuses = values.compactMap { if case .string(let text) = $0 { WaitlistEntry.Status(rawValue: text) } else { nil } }
            case ("clientId", .uuid(let id)): filter.clientId = CustomerID(id)
            case ("serviceId", .uuid(let id)): filter.serviceId = ServiceID(id)
            default: continue
            }
        }
        let page = try await service.list(filter, page: query.page, scope: context.scope)
        return Page(items: try await dtos(page.items, context), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> WaitlistEntryDTO {
        try await dto(try await service.entry(try context.pathID(as: WaitlistEntryID.self), scope: context.scope), context)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<WaitlistEntryDTO> {
        let input = WaitlistInput.read(try await BodyFields.decode(request, context: context), creating: true)
        return EditedResponse(status: .created, response: try await dto(try await service.create(input, scope: context.scope), context))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> WaitlistEntryDTO {
        let id = try context.pathID(as: WaitlistEntryID.self)
        let input = WaitlistInput.read(try await BodyFields.decode(request, context: context), creating: false)
        return try await dto(try await service.edit(id, input, scope: context.scope), context)
    }

    @Sendable func cancel(_ request: Request, context: TenantRequestContext) async throws -> WaitlistEntryDTO {
        try await dto(try await service.cancel(try context.pathID(as: WaitlistEntryID.self), scope: context.scope), context)
    }

    struct Booked: ResponseEncodable {
        let entry: WaitlistEntryDTO
        let appointmentId: AppointmentID
        let startsAt: String
    }

    /// `{startsAt, staffId?}`: books her; `staffId` is required when the entry names none.
    @Sendable func book(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<Booked> {
        let id = try context.pathID(as: WaitlistEntryID.self)
        var fields = try await BodyFields.decode(request, context: context)
        let start = fields.instant("startsAt", timeZone: context.timeZone)
        let staff: BodyField<StaffID> = fields.id("staffId")
        fields.require("startsAt", start, creating: true)
        fields.require("staffId", staff, creating: false)
        guard fields.problems.isEmpty, let startsAt = start.value else { throw AppError.validation(fields.problems) }
        let (entry, appointment) = try await service.book(id, start: startsAt, staff: staff.value, scope: context.scope)
        return EditedResponse(
            status: .created,
            response: Booked(
                entry: try await dto(entry, context), appointmentId: appointment.id, startsAt: TenantTime.formatISO(appointment.startsAt, in: context.timeZone)))
    }

    struct Candidate: Encodable {
        let entry: WaitlistEntryDTO
        let score: Int
        let parts: [WaitlistRanking.Part]
    }

    struct Match: ResponseEncodable {
        let staffId: StaffID
        let startsAt: String
        let endsAt: String
        let candidates: [Candidate]
    }

    /// `{appointmentId}` (the time it held: a cancelled or moved booking) or `{staffId, startsAt, endsAt}`.
    @Sendable func match(_ request: Request, context: TenantRequestContext) async throws -> Match {
        var fields = try await BodyFields.decode(request, context: context)
        let appointmentId: BodyField<AppointmentID> = fields.id("appointmentId")
        let staff: BodyField<StaffID> = fields.id("staffId")
        let from = fields.instant("startsAt", timeZone: context.timeZone)
        let to = fields.instant("endsAt", timeZone: context.timeZone)
        fields.require("appointmentId", appointmentId, creating: false)
        if appointmentId.isAbsent {
            fields.require("staffId", staff, creating: true)
            fields.require("startsAt", from, creating: true)
            fields.require("endsAt", to, creating: true)
        } else {
            for key in ["staffId", "startsAt", "endsAt"] where fields.object[key] != nil { fields.problem(key, "not_with_appointment") }
        }
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        let interval: (StaffID, Date, Date)
        if let id = appointmentId.value {
            let freed = try await service.appointments.appointment(id, context.scope)
            interval = (freed.staffId, freed.startsAt, freed.holdsUntil)
        } else if let staffId = staff.value, let start = from.value, let end = to.value {
            interval = (staffId, start, end)
        } else {
            throw AppError.validation(fields.problems)
        }
        let ranked = try await service.match(staff: interval.0, from: interval.1, to: interval.2, scope: context.scope)
        let entries = try await dtos(ranked.map(\.0), context)
        return Match(
            staffId: interval.0, startsAt: TenantTime.formatISO(interval.1, in: context.timeZone),
            endsAt: TenantTime.formatISO(interval.2, in: context.timeZone),
            candidates: zip(entries, ranked).map { Candidate(entry: $0, score: $1.1, parts: $1.2) })
    }

    func dto(_ entry: WaitlistEntry, _ context: TenantRequestContext) async throws -> WaitlistEntryDTO {
        try await dtos([entry], context)[0]
    }

    /// Entries with their clients' and services' names, read in one query each.
    func dtos(_ entries: [WaitlistEntry], _ context: TenantRequestContext) async throws -> [WaitlistEntryDTO] {
        let sql = service.database.sql
        let clients = try await ClientDirectory(sql: sql).names(entries.map(\.clientId), tenant: context.scope.tenantId)
        let services = try await CatalogDirectory(sql: sql, tenantId: context.scope.tenantId).serviceNames(Array(Set(entries.map(\.serviceId))))
        let now = context.clock.now()
        return entries.map {
            WaitlistEntryDTO($0, clientName: clients[$0.clientId], serviceName: services[$0.serviceId], now: now, timeZone: context.timeZone)
        }
    }
}

struct WaitlistEntryDTO: Encodable, ResponseEncodable, Sendable {
    let id: WaitlistEntryID
    let clientId: CustomerID
    let clientName: String?
    let serviceId: ServiceID
    let serviceName: String?
    let staffId: StaffID?
    let days: [Int]
    let windows: [[String]]
    let notBefore: String?
    /// Her last day (local); `expiresAt` is the midnight after it.
    let expiresOn: String?
    let expiresAt: String?
    let priority: Int
    let channel: String?
    let notes: String?
    let status: WaitlistEntry.Status
    let appointmentId: AppointmentID?
    /// Whole days since she was put on the list.
    let waitingDays: Int
    let createdBy: UserID?
    let createdAt: Date
    let updatedAt: Date

    init(_ e: WaitlistEntry, clientName: String?, serviceName: String?, now: Date, timeZone: TimeZone) {
        id = e.id
        clientId = e.clientId
        self.clientName = clientName
        serviceId = e.serviceId
        self.serviceName = serviceName
        staffId = e.staffId
        days = e.days
        windows = e.windows.map { [WaitlistInput.format($0.start), WaitlistInput.format($0.end)] }
        notBefore = e.notBefore?.description
        expiresOn = e.expiresAt.map { TenantTime.localDate(of: $0.addingTimeInterval(-1), in: timeZone).description }
        expiresAt = e.expiresAt.map { TenantTime.formatISO($0, in: timeZone) }
        priority = e.priority
        channel = e.channel
        notes = e.notes
        status = e.status
        appointmentId = e.appointmentId
        waitingDays = max(0, Int(now.timeIntervalSince(e.createdAt) / 86_400))
        createdBy = e.createdBy
        createdAt = e.createdAt
        updatedAt = e.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, clientId, clientName, serviceId, serviceName, staffId, days, windows, notBefore, expiresOn, expiresAt, priority, channel, notes
        case status, appointmentId, waitingDays, createdBy, createdAt, updatedAt
    }

    /// Optional fields are always present (null when unset), so clients see one shape.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(clientId, forKey: .clientId)
        try c.encode(clientName, forKey: .clientName)
        try c.encode(serviceId, forKey: .serviceId)
        try c.encode(serviceName, forKey: .serviceName)
        try c.encode(staffId, forKey: .staffId)
        try c.encode(days, forKey: .days)
        try c.encode(windows, forKey: .windows)
        try c.encode(notBefore, forKey: .notBefore)
        try c.encode(expiresOn, forKey: .expiresOn)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(priority, forKey: .priority)
        try c.encode(channel, forKey: .channel)
        try c.encode(notes, forKey: .notes)
        try c.encode(status, forKey: .status)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(waitingDays, forKey: .waitingDays)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
