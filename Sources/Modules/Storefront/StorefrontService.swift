import CRMCore
import Foundation
import Booking
import Catalog
import Clients
import Logging
import Messaging
import Providers
import Settings
import SQLKit
import Tenancy

/// The studio as a client sees it from outside (SPEC §11): its card, what can be booked online,
/// the starts the slot engine offers, booking with the client as the actor, and the client's own
/// booking behind a signed link. Everything runs the same service functions as at the desk.
public struct StorefrontService: Sendable {
    let database: Database
    let appointments: AppointmentsService
    let availability: AvailabilityService
    let intake: ClientIntake
    let links: ManageLinks
    /// The studio's branding section, read for the card.
    let settings: SettingsService
    /// SmartCaptcha's server-side check with the studio's key.
    let captcha: StorefrontCaptcha
    /// The studio's bot: the Mini App's `initData` is checked with its token.
    let bots: any TelegramBotDirectory

    public init(
        database: Database, appointments: AppointmentsService, availability: AvailabilityService, intake: ClientIntake, links: ManageLinks,
        settings: SettingsService, captcha: StorefrontCaptcha, bots: any TelegramBotDirectory = NoTelegramBots()
    ) {
        self.bots = bots
        self.database = database
        self.appointments = appointments
        self.availability = availability
        self.intake = intake
        self.links = links
        self.settings = settings
        self.captcha = captcha
    }

    func guards(_ tenant: Tenant) async throws -> StorefrontSettings {
        try await StorefrontSettingsRepository(sql: database.sql).read(tenant.id)
    }

    /// The colours and logo the studio saved, while its plan has `storefront.branding`.
    func branding(_ tenant: Tenant) async throws -> StorefrontCardDTO.Branding {
        guard tenant.plan.includes(.storefrontBranding) else { return .none }
        let saved = try await settings.storedFields(.branding, tenantId: tenant.id)
        func text(_ key: String) -> String? { if case .string(let value) = saved[key], !value.isEmpty { value } else { nil } }
        return .init(logoUrl: text("logoUrl"), primaryColor: text("primaryColor"), accentColor: text("accentColor"))
    }

    /// The captcha the page shows, when the studio has it on.
    func captchaCard(_ settings: StorefrontSettings) -> StorefrontCardDTO.Captcha? {
        guard settings.captchaEnabled, settings.sealedServerKey != nil, let siteKey = settings.captchaSiteKey else { return nil }
        return .init(provider: "smartcaptcha", siteKey: siteKey)
    }

    /// How far ahead the storefront offers starts (the slot engine's horizon).
    static let horizonDays = AvailabilityRules.horizonDays

    /// The studio behind a slug, open for online booking. An unknown slug, a closed studio and a
    /// plan without the storefront are all 404 (nothing to find); a suspended one says so.
    func studio(_ slug: String) async throws -> Tenant {
        guard let tenant = try await TenantRecords.find(slug: slug, on: database.sql), tenant.status != .closed,
            tenant.plan.includes(.storefrontBasic)
        else { throw AppError.notFound() }
        if let refusal = TenantLifecycle.refusal(for: tenant) { throw refusal }
        return tenant
    }

    static func zone(_ tenant: Tenant) -> TimeZone { TenantTime.zone(named: tenant.timezone) ?? TimeZone(identifier: "UTC")! }

    func catalog(_ tenant: Tenant) -> CatalogDirectory { CatalogDirectory(sql: database.sql, tenantId: tenant.id) }

    /// A service the storefront offers (active and bookable online); anything else is 404.
    func bookableService(_ id: ServiceID, tenant: Tenant) async throws -> StudioService {
        guard let service = try await catalog(tenant).service(id), service.active, service.onlineBookable else { throw AppError.notFound() }
        return service
    }

    /// Who performs `service` and can be chosen online: active staff, by name.
    func staff(for service: StudioService, tenant: Tenant) async throws -> [StaffMember] {
        try await catalog(tenant).activeStaff().filter { $0.serviceIds.contains(service.id) }
    }

    /// Offered starts of `service` from `first` for `days` local dates, per start the staff
    /// members who can take it (`staffId` nil: anyone who performs it).
    func starts(service: StudioService, staffId: StaffID?, first: LocalDate, days: Int, tenant: Tenant, now: Date) async throws
        -> [(date: LocalDate, starts: [(at: Date, staff: [StaffID])])]
    {
        let zone = Self.zone(tenant)
        let last = first.adding(days: max(0, min(days, Self.horizonDays)) - 1)
        let offered = try await availability.offeredStarts(
            serviceId: service.id, staffId: staffId, from: TenantTime.startOfDay(first, in: zone), to: TenantTime.endOfDay(last, in: zone),
            tenantId: tenant.id, zone: zone, now: now)
        var byDate: [LocalDate: [Date: [StaffID]]] = [:]
        for member in offered {
            for day in member.days {
                for start in day.starts { byDate[day.date, default: [:]][start, default: []].append(member.staffId) }
            }
        }
        return byDate.keys.sorted().map { date in
            (date, byDate[date]!.keys.sorted().map { ($0, byDate[date]![$0]!) })
        }
    }

    /// Whether `start` is one the engine offers for `service` with `staffId`.
    func isOffered(_ start: Date, service: StudioService, staffId: StaffID, tenant: Tenant, now: Date) async throws -> Bool {
        let date = TenantTime.localDate(of: start, in: Self.zone(tenant))
        let day = try await starts(service: service, staffId: staffId, first: date, days: 1, tenant: tenant, now: now)
        return day.contains { $0.starts.contains { $0.at == start && $0.staff.contains(staffId) } }
    }

    /// The scope of a client acting through the storefront (nil before they are known).
    func scope(_ tenant: Tenant, client: CustomerID?, request: PublicRequest) -> TenantScope {
        TenantScope(
            tenant: tenant, actor: .client(client, via: "storefront"), clock: request.clock, correlationId: request.requestId,
            locale: request.locale, remoteAddress: request.remoteAddress, userAgent: request.userAgent)
    }

    // MARK: Booking

    /// `POST book`: the person becomes (or is matched to) a client, then the booking is made at
    /// an offered start through the appointments service, with the deposit the policy asks.
    /// With "any" staff the offered performers are tried in order until one takes it.
    func book(_ input: PublicBooking, slug: String, request: PublicRequest) async throws -> BookedAnswer {
        let tenant = try await studio(slug)
        var problems = input.problems
        let service = try await input.serviceId.asyncMap { try? await bookableService($0, tenant: tenant) } ?? nil
        if input.serviceId != nil, service == nil { problems["serviceId"] = "not_found" }
        if let person = input.person, try await intake.normalizedPhone(person.phone, scope: scope(tenant, client: nil, request: request)) == nil {
            problems["phone"] = "invalid"
        }
        let now = request.clock.now()
        var candidates: [StaffID] = []
        if let service, let start = input.startsAt {
            let day = try await starts(
                service: service, staffId: input.staffId, first: TenantTime.localDate(of: start, in: Self.zone(tenant)), days: 1, tenant: tenant,
                now: now)
            candidates = day.flatMap(\.starts).first { $0.at == start }?.staff ?? []
            if candidates.isEmpty { problems["startsAt"] = "not_offered" }
        }
        guard problems.isEmpty, let service, let start = input.startsAt, let person = input.person else { throw AppError.validation(problems) }
        // The guards, before anything is written: the captcha, then the person's limits.
        let guards = try await guards(tenant)
        // Inside Telegram the verified initData stands for the captcha: Telegram vouches for the person.
        let telegram = try await telegramUser(request, tenant: tenant)
        if telegram == nil { try await checkCaptcha(input.captchaToken, settings: guards, request: request) }
        let anonymous = scope(tenant, client: nil, request: request)
        if let known = try await intake.existingClient(for: person, scope: anonymous) {
            try await BookingLimits.check(client: known, settings: guards, tenantId: tenant.id, now: now, on: database.sql)
        }
        let client = try await intake.client(for: person, source: .onlineBooking, scope: anonymous, recordingConsents: false)
        let acting = scope(tenant, client: client.id, request: request)
        // Inside the booking's transaction: the limits again (a booking of the same person at the
        // same moment waits for this one), and the consents given with it.
        let intake = intake
        let admission: @Sendable (any SQLDatabase, Appointment) async throws -> [MutationRecord] = { sql, _ in
            try await BookingLimits.lock(client: client.id, tenantId: tenant.id, on: sql)
            try await BookingLimits.check(client: client.id, settings: guards, tenantId: tenant.id, now: now, on: sql)
            var records = try await intake.recordConsents(person.consents, client: client.id, source: .onlineBooking, scope: acting, on: sql)
            if let telegram {
                // The Mini App's user is this client: reminders and the bot reach them in Telegram.
                let chat = String(telegram.user.id)
                try await ClientDirectory(sql: sql).linkTelegram(chat: chat, to: client.id, tenant: tenant.id, now: now)
                records.append(
                    MutationRecord(
                        action: "client.telegram_linked", entityType: "client", entityId: client.id.description,
                        after: .object(["telegramChatId": .string(chat), "via": .string("mini_app")])))
            }
            return records
        }
        var lastRefusal: Error?
        for staffId in candidates {
            do {
                var booking = AppointmentInput.booking(
                    client: client.id, service: service.id, staff: staffId, startsAt: start, notes: input.notes,
                    source: telegram == nil ? .storefront : .telegram)
                booking.admission = admission
                let booked = try await appointments.create(booking, scope: acting)
                let token = links.token(tenantId: tenant.id, appointment: booked.id)
                return BookedAnswer(
                    appointment: booked, serviceName: service.name,
                    staffName: try await catalog(tenant).staffMember(booked.staffId)?.name ?? "",
                    payURL: try await appointments.depositPayURL(for: booked.id, tenant: tenant), manageToken: token,
                    manageURL: links.url(slug: tenant.slug, token: token), timeZone: Self.zone(tenant))
            } catch let error as AppError where error.code == "slot_taken" {
                lastRefusal = error  // someone else took this performer's time meanwhile: try the next
            }
        }
        throw lastRefusal ?? AppError.conflict("slot_taken")
    }

    /// The Mini App's user when the request carries `X-Telegram-Init-Data`: checked with the
    /// studio's bot token and fresh (24 h); a string that fails, or a studio without a bot, is
    /// `401 telegram_init_data_invalid`. Nil when the header is absent (the plain storefront).
    func telegramUser(_ request: PublicRequest, tenant: Tenant) async throws -> TelegramInitData? {
        guard let raw = request.telegramInitData else { return nil }
        guard tenant.plan.includes(.telegramReception), let api = try await bots.telegramAPI(tenant: tenant.id),
            let data = api.verifiedInitData(raw, now: request.clock.now())
        else { throw AppError.unauthorized("telegram_init_data_invalid") }
        return data
    }

    /// The studio's captcha: no token is `400 captcha_required`, a token SmartCaptcha refuses
    /// `400 captcha_failed`. When SmartCaptcha does not answer 200 (or at all) the booking goes
    /// on, as its documentation advises, and the log says so; the limits still apply.
    func checkCaptcha(_ token: String?, settings: StorefrontSettings, request: PublicRequest) async throws {
        guard settings.captchaEnabled, let sealed = settings.sealedServerKey else { return }
        guard let token, !token.isEmpty else { throw AppError.badRequest("captcha_required") }
        guard let client = captcha.client(sealedServerKey: sealed) else {
            request.logger.error("storefront captcha: the server key does not open with this SECRET_KEY; booking let through")
            return
        }
        switch await client.validate(token: token, ip: request.remoteAddress) {
        case .passed: return
        case .failed: throw AppError.badRequest("captcha_failed")
        case .unavailable(let reason):
            request.logger.warning("storefront captcha: SmartCaptcha unavailable; booking let through", metadata: ["reason": "\(reason)"])
        }
    }

    // MARK: The client's own booking

    /// The booking a manage token names, in the slug's studio; a wrong or foreign token is 404.
    func managed(_ token: String, slug: String) async throws -> (Tenant, Appointment) {
        let tenant = try await studio(slug)
        guard let id = links.appointment(in: token, tenantId: tenant.id),
            let appointment = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).appointment(id)
        else { throw AppError.notFound() }
        return (tenant, appointment)
    }

    func view(_ token: String, slug: String, request: PublicRequest) async throws -> ManagedAnswer {
        let (tenant, appointment) = try await managed(token, slug: slug)
        let scope = scope(tenant, client: appointment.clientId, request: request)
        let policy = try await appointments.cancellationPolicy(scope)
        let open = Self.changeable.contains(appointment.status) && appointment.startsAt > request.clock.now()
        return ManagedAnswer(
            appointment: appointment, serviceName: try await catalog(tenant).serviceName(appointment.serviceId) ?? "",
            staffName: try await catalog(tenant).staffMember(appointment.staffId)?.name ?? "",
            canCancel: open && policy.clientsMayCancelOnline, canReschedule: open,
            cancellationFee: open ? appointments.cancellationFee(of: appointment, policy: policy, now: request.clock.now()) : nil,
            cancellationWindowHours: policy.windowHours, payURL: try await appointments.depositPayURL(for: appointment.id, tenant: tenant),
            timeZone: Self.zone(tenant))
    }

    /// Statuses a client may still cancel or move (the booking has not started).
    static let changeable: Set<AppointmentStatus> = [.pending, .depositRequired, .confirmed]

    /// Cancels inside the studio's rules. A fee that applies must be accepted first: without
    /// `acceptFee` the answer is `409 cancellation_fee_applies` with the fee, and nothing changes.
    func cancel(_ token: String, slug: String, acceptFee: Bool, request: PublicRequest) async throws -> ManagedAnswer {
        let (tenant, appointment) = try await managed(token, slug: slug)
        let scope = scope(tenant, client: appointment.clientId, request: request)
        let policy = try await appointments.cancellationPolicy(scope)
        guard policy.clientsMayCancelOnline else { throw AppError.forbidden("online_cancellation_disabled") }
        guard Self.changeable.contains(appointment.status), appointment.startsAt > request.clock.now() else {
            throw AppError.conflict("not_cancellable", details: ["status": .string(appointment.status.rawValue)])
        }
        if let fee = appointments.cancellationFee(of: appointment, policy: policy, now: request.clock.now()), fee > .zero, !acceptFee {
            throw AppError(
                status: .conflict, code: "cancellation_fee_applies", messageArguments: ["fee": "\(fee) \(tenant.currency)"],
                details: ["fee": .string(fee.description), "windowHours": .int(Int64(policy.windowHours))])
        }
        _ = try await appointments.cancel(appointment.id, reason: "cancelled by the client online", scope: scope)
        return try await view(token, slug: slug, request: request)
    }

    /// Moves the booking to another offered start of the same staff member.
    func reschedule(_ token: String, slug: String, to start: Date?, request: PublicRequest) async throws -> ManagedAnswer {
        let (tenant, appointment) = try await managed(token, slug: slug)
        guard let start else { throw AppError.validation(field: "startsAt", "required") }
        guard Self.changeable.contains(appointment.status), appointment.startsAt > request.clock.now() else {
            throw AppError.conflict("not_reschedulable", details: ["status": .string(appointment.status.rawValue)])
        }
        let service = try await bookableService(appointment.serviceId, tenant: tenant)
        guard try await isOffered(start, service: service, staffId: appointment.staffId, tenant: tenant, now: request.clock.now()) else {
            throw AppError.validation(field: "startsAt", "not_offered")
        }
        _ = try await appointments.move(appointment.id, to: start, scope: scope(tenant, client: appointment.clientId, request: request))
        return try await view(token, slug: slug, request: request)
    }
}

/// What a public request brings that the service needs (no session, no user).
struct PublicRequest: Sendable {
    let clock: any AppClock
    let requestId: String
    let locale: AppLocale
    let remoteAddress: String?
    let userAgent: String?
    let logger: Logger
    /// `X-Telegram-Init-Data`: the page runs as the studio's Telegram Mini App.
    var telegramInitData: String? = nil
}
