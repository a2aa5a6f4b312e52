import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Booking
import Catalog
import Tenancy

/// `/api/v1/public/{tenantSlug}/…` (public, every plan: `storefront.basic`): the studio's card, its
/// online-bookable services and staff, offered starts for 60 days, booking (an
/// `Idempotency-Key` is required: a retried submit never books twice), and the client's own
/// booking behind the signed manage link (view, cancel inside the rules, move to an offered
/// start). Unknown slugs, foreign ids and wrong tokens are all 404.
public struct StorefrontController: Sendable {
    let service: StorefrontService

    public init(service: StorefrontService) { self.service = service }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.get("public/{tenantSlug}", use: card)
        group.get("public/{tenantSlug}/services", use: services)
        group.get("public/{tenantSlug}/services/{serviceId}/staff", use: staff)
        group.get("public/{tenantSlug}/slots", use: slots)
        group.post("public/{tenantSlug}/book", use: book)
        group.get("public/{tenantSlug}/manage/{token}", use: manage)
        group.post("public/{tenantSlug}/manage/{token}/cancel", use: cancel)
        group.post("public/{tenantSlug}/manage/{token}/reschedule", use: reschedule)
    }

    func slug(_ context: APIRequestContext) -> String { context.parameters.get("tenantSlug") ?? "" }

    func request(_ request: Request, _ context: APIRequestContext) -> PublicRequest {
        PublicRequest(
            clock: context.clock, requestId: context.requestId, locale: context.locale, remoteAddress: context.remoteAddress,
            userAgent: request.headers[.userAgent], logger: context.logger, telegramInitData: request.headers[Self.telegramInitData])
    }

    static let telegramInitData = HTTPField.Name("X-Telegram-Init-Data")!

    @Sendable func card(_ request: Request, context: APIRequestContext) async throws -> StorefrontCardDTO {
        let tenant = try await service.studio(slug(context))
        let locations = try await service.catalog(tenant).activeLocations()
        return StorefrontCardDTO(
            name: tenant.name, slug: tenant.slug, timezone: tenant.timezone, currency: tenant.currency, locale: tenant.locale,
            locations: locations.map { .init(id: $0.id, name: $0.name, address: $0.address, phone: $0.phone, hours: $0.schedule.jsonValue) },
            branding: try await service.branding(tenant), captcha: service.captchaCard(try await service.guards(tenant)))
    }

    @Sendable func services(_ request: Request, context: APIRequestContext) async throws -> StorefrontServicesDTO {
        let tenant = try await service.studio(slug(context))
        let bookable = try await service.catalog(tenant).bookableServices()
        let categories = Dictionary(grouping: bookable, by: \.category).sorted { $0.key < $1.key }.map { category, items in
            StorefrontServicesDTO.Category(
                name: category,
                services: items.map { .init(id: $0.id, name: $0.name, description: $0.description, price: $0.basePrice, durationMinutes: $0.durationMinutes) })
        }
        return StorefrontServicesDTO(categories: categories)
    }

    @Sendable func staff(_ request: Request, context: APIRequestContext) async throws -> StorefrontStaffDTO {
        let tenant = try await service.studio(slug(context))
        guard let id = context.parameters.get("serviceId").flatMap(ServiceID.init(string:)) else { throw AppError.notFound() }
        let offered = try await service.bookableService(id, tenant: tenant)
        return StorefrontStaffDTO(items: try await service.staff(for: offered, tenant: tenant).map { .init(id: $0.id, name: $0.name, color: $0.color) })
    }

    /// `?serviceId=…&staffId=…|any&from=YYYY-MM-DD&days=1…60` (from: today; days: 14).
    @Sendable func slots(_ request: Request, context: APIRequestContext) async throws -> StorefrontSlotsDTO {
        let tenant = try await service.studio(slug(context))
        let query = request.decodedQuery
        var problems: [String: String] = [:]
        let serviceId = query["serviceId"].flatMap(ServiceID.init(string:))
        if serviceId == nil { problems["serviceId"] = query["serviceId"] == nil ? "required" : "invalid" }
        var staffId: StaffID?
        if let text = query["staffId"], text != "any" {
            staffId = StaffID(string: text)
            if staffId == nil { problems["staffId"] = "invalid" }
        }
        let zone = StorefrontService.zone(tenant)
        let today = TenantTime.localDate(of: context.clock.now(), in: zone)
        let from = query["from"].map(LocalDate.init(iso:)) ?? today
        if from == nil { problems["from"] = "invalid" }
        let days = query["days"].map { Int($0) } ?? 14
        if days == nil || !(1...StorefrontService.horizonDays).contains(days!) { problems["days"] = "out_of_range" }
        guard problems.isEmpty, let serviceId, let from, let days else { throw AppError.validation(problems) }
        let offered = try await service.bookableService(serviceId, tenant: tenant)
        if let staffId, try await !service.staff(for: offered, tenant: tenant).contains(where: { $0.id == staffId }) { throw AppError.notFound() }
        let starts = try await service.starts(
            service: offered, staffId: staffId, first: max(from, today), days: days, tenant: tenant, now: context.clock.now())
        return StorefrontSlotsDTO(
            serviceId: serviceId, timezone: tenant.timezone,
            days: starts.map { day in
                .init(date: day.date.description, starts: day.starts.map { .init(startsAt: TenantTime.formatISO($0.at, in: zone), staffIds: $0.staff) })
            })
    }

    @Sendable func book(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<BookedAnswer> {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty else { throw AppError.badRequest("idempotency_key_required") }
        let tenant = try await service.studio(slug(context))
        let input = PublicBooking.read(try await BodyFields.decode(request, context: context), timeZone: StorefrontService.zone(tenant))
        let booked = try await service.book(input, slug: slug(context), request: self.request(request, context))
        return EditedResponse(status: .created, response: booked)
    }

    func token(_ context: APIRequestContext) -> String { context.parameters.get("token") ?? "" }

    @Sendable func manage(_ request: Request, context: APIRequestContext) async throws -> ManagedAnswer {
        try await service.view(token(context), slug: slug(context), request: self.request(request, context))
    }

    /// `{acceptFee: true}` confirms a fee the previous answer named.
    @Sendable func cancel(_ request: Request, context: APIRequestContext) async throws -> ManagedAnswer {
        _ = try await service.studio(slug(context))
        var fields = try await BodyFields.decodeOptional(request, context: context)
        let accept = fields.bool("acceptFee")
        fields.require("acceptFee", accept, creating: false)
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        return try await service.cancel(token(context), slug: slug(context), acceptFee: accept.value ?? false, request: self.request(request, context))
    }

    @Sendable func reschedule(_ request: Request, context: APIRequestContext) async throws -> ManagedAnswer {
        // The body is checked before the token, so a malformed request is named as such.
        let tenant = try await service.studio(slug(context))
        var fields = try await BodyFields.decode(request, context: context)
        let start = fields.instant("startsAt", timeZone: StorefrontService.zone(tenant))
        fields.require("startsAt", start, creating: true)
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        return try await service.reschedule(token(context), slug: slug(context), to: start.value, request: self.request(request, context))
    }
}
