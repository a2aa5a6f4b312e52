import CRMCore
import Foundation
import Hummingbird
import Booking
import Catalog
import Clients
import Messaging
import Providers
import Plans
import Tenancy

/// The storefront inside Telegram (issue 18, item 4; `telegram.reception`): the page at
/// `/tg/{slug}` is the booking page, and every call it makes carries Telegram's `initData` in
/// `X-Telegram-Init-Data`, checked with the studio's bot token (`TelegramInitData`). Who opened
/// it is answered by `GET /public/{slug}/telegram/me`: a client the chat is linked to (their
/// contacts prefill the form), and a staff member linked to that Telegram account sees their day.
/// A staff member links their account with a one-time link from `POST /staff/{id}/telegram-link`
/// (`t.me/<bot>?start=s_<token>`, one hour), redeemed by the bot.
public struct TelegramMiniAppService: Sendable {
    let storefront: StorefrontService
    let staff: StaffService

    public init(storefront: StorefrontService, staff: StaffService) {
        self.storefront = storefront
        self.staff = staff
    }

    static let linkLifetime: TimeInterval = 3600
    static let staffTokenPrefix = "s_"

    var database: Database { storefront.database }

    func me(slug: String, date: LocalDate?, request: PublicRequest) async throws -> TelegramMeDTO {
        let tenant = try await storefront.studio(slug)
        guard request.telegramInitData != nil, let data = try await storefront.telegramUser(request, tenant: tenant) else {
            throw AppError.unauthorized("telegram_init_data_invalid")
        }
        let clients = ClientDirectory(sql: database.sql)
        var client: TelegramMeDTO.Client?
        if let id = try await clients.client(telegramChat: String(data.user.id), tenant: tenant.id),
            let found = try await clients.client(id, tenant: tenant.id), found.archivedAt == nil
        {
            client = .init(name: found.name, phone: found.phone, email: found.email)
        }
        var day: TelegramMeDTO.StaffDay?
        if let staffId = try await TelegramStaffLinksRepository(sql: database.sql, tenantId: tenant.id).staff(telegramUser: data.user.id),
            let member = try await storefront.catalog(tenant).staffMember(staffId), member.active
        {
            day = try await staffDay(member, date: date, tenant: tenant, now: request.clock.now())
        }
        return TelegramMeDTO(
            user: .init(id: data.user.id, firstName: data.user.firstName, lastName: data.user.lastName), client: client, staff: day)
    }

    /// The staff member's appointments of `date` (today by default, studio time), cancelled ones left out.
    func staffDay(_ member: StaffMember, date: LocalDate?, tenant: Tenant, now: Date) async throws -> TelegramMeDTO.StaffDay {
        let zone = StorefrontService.zone(tenant)
        let day = date ?? TenantTime.localDate(of: now, in: zone)
        let appointments = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).day(
            of: member.id, from: TenantTime.startOfDay(day, in: zone), to: TenantTime.endOfDay(day, in: zone))
            .filter { $0.status != .cancelled }
        let names = try await ClientDirectory(sql: database.sql).names(appointments.map(\.clientId), tenant: tenant.id)
        let services = try await storefront.catalog(tenant).serviceNames(appointments.map(\.serviceId))
        return .init(
            staffId: member.id, name: member.name, date: day.description,
            appointments: appointments.map {
                .init(
                    id: $0.id, startsAt: TenantTime.formatISO($0.startsAt, in: zone), endsAt: TenantTime.formatISO($0.endsAt, in: zone),
                    serviceName: services[$0.serviceId] ?? "", clientName: names[$0.clientId] ?? "", status: $0.status.rawValue)
            })
    }

    // MARK: Linking a staff member's Telegram

    /// A one-time link for the staff member (their own record, or anyone's with `settings.write`).
    func issueStaffLink(_ id: StaffID, bot: TelegramBotIdentity?, scope: TenantScope) async throws -> TelegramStaffLinkDTO {
        let member = try await staff.member(id, scope)
        try StaffService.authorizeOverrides(of: member, scope: scope)
        guard let bot else { throw AppError.conflict("integration_not_configured", details: ["provider": .string("telegram")]) }
        let now = scope.clock.now()
        let token = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(Self.linkLifetime)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await TelegramStaffLinksRepository(sql: sql, tenantId: scope.tenantId).issue(
                staff: member.id, hash: SecretToken.hash(token), expiresAt: expiresAt, now: now)
            return ((), [MutationRecord(action: "staff.telegram_link_issued", entityType: "staff", entityId: member.id.description, emitsEvent: false)])
        }
        let start = Self.staffTokenPrefix + token
        return TelegramStaffLinkDTO(
            linked: try await linkedAt(member.id, tenant: scope.tenantId) != nil, linkedAt: nil, token: start,
            url: bot.username.map { "https://t.me/\($0)?start=\(start)" }, expiresAt: expiresAt)
    }

    func status(_ id: StaffID, scope: TenantScope) async throws -> TelegramStaffLinkDTO {
        let member = try await staff.member(id, scope)
        try StaffService.authorizeOverrides(of: member, scope: scope)
        let linkedAt = try await linkedAt(member.id, tenant: scope.tenantId)
        return TelegramStaffLinkDTO(linked: linkedAt != nil, linkedAt: linkedAt, token: nil, url: nil, expiresAt: nil)
    }

    func unlink(_ id: StaffID, scope: TenantScope) async throws {
        let member = try await staff.member(id, scope)
        try StaffService.authorizeOverrides(of: member, scope: scope)
        let now = scope.clock.now()
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard try await TelegramStaffLinksRepository(sql: sql, tenantId: scope.tenantId).unlink(staff: member.id, now: now) else {
                return ((), [])
            }
            return ((), [MutationRecord(action: "staff.telegram_unlinked", entityType: "staff", entityId: member.id.description)])
        }
    }

    func linkedAt(_ staff: StaffID, tenant: TenantID) async throws -> Date? {
        try await TelegramStaffLinksRepository(sql: database.sql, tenantId: tenant).linkedAt(staff: staff)
    }
}

struct TelegramMeDTO: Encodable, ResponseEncodable {
    struct User: Encodable {
        let id: Int64
        let firstName: String
        let lastName: String?
    }

    struct Client: Encodable {
        let name: String
        let phone: String?
        let email: String?
    }

    struct StaffDay: Encodable {
        struct Visit: Encodable {
            let id: AppointmentID
            let startsAt: String
            let endsAt: String
            let serviceName: String
            let clientName: String
            let status: String
        }

        let staffId: StaffID
        let name: String
        let date: String
        let appointments: [Visit]
    }

    let user: User
    let client: Client?
    let staff: StaffDay?
}

struct TelegramStaffLinkDTO: Encodable, ResponseEncodable {
    let linked: Bool
    let linkedAt: Date?
    /// Only in the answer that issues it: the `/start` parameter and its `t.me` link.
    let token: String?
    let url: String?
    let expiresAt: Date?
}

/// `GET /public/{tenantSlug}/telegram/me` and `GET|POST|DELETE /staff/{id}/telegram-link`.
public struct TelegramMiniAppController: Sendable {
    let service: TelegramMiniAppService

    public init(service: TelegramMiniAppService) { self.service = service }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.get("public/{tenantSlug}/telegram/me", use: me)
        routes.get("staff/{id}/telegram-link", .needs(.appointmentsRead, feature: .telegramReception), use: status)
        routes.post("staff/{id}/telegram-link", .needs(.appointmentsRead, feature: .telegramReception), use: issue)
        routes.delete("staff/{id}/telegram-link", .needs(.appointmentsRead, feature: .telegramReception), use: unlink)
    }

    @Sendable func me(_ request: Request, context: APIRequestContext) async throws -> TelegramMeDTO {
        let date = try request.decodedQuery["date"].map { text in
            guard let date = LocalDate(iso: text) else { throw AppError.validation(field: "date", "invalid") }
            return date
        }
        let publicRequest = PublicRequest(
            clock: context.clock, requestId: context.requestId, locale: context.locale, remoteAddress: context.remoteAddress,
            userAgent: request.headers[.userAgent], logger: context.logger, telegramInitData: request.headers[StorefrontController.telegramInitData])
        return try await service.me(slug: context.parameters.get("tenantSlug") ?? "", date: date, request: publicRequest)
    }

    @Sendable func status(_ request: Request, context: TenantRequestContext) async throws -> TelegramStaffLinkDTO {
        try await service.status(try context.pathID(as: StaffID.self), scope: context.scope)
    }

    @Sendable func issue(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<TelegramStaffLinkDTO> {
        let bot = try await service.storefront.bots.telegramBot(tenant: context.tenantId)
        let issued = try await service.issueStaffLink(try context.pathID(as: StaffID.self), bot: bot, scope: context.scope)
        return EditedResponse(status: .created, response: issued)
    }

    @Sendable func unlink(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await service.unlink(try context.pathID(as: StaffID.self), scope: context.scope)
        return Response(status: .noContent)
    }
}
