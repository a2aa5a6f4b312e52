import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/users`: the tenant's staff accounts, and accepting an invitation.
public struct UsersController: Sendable {
    let service: UsersService
    let sessions: SessionResponder

    public init(service: UsersService, sessions: SessionResponder) {
        self.service = service
        self.sessions = sessions
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.post("auth/invitations/accept", use: accept)
        routes.get("users", .needs(.usersRead), use: list)
        routes.get("users/{id}", .needs(.usersRead), use: show)
        routes.post("users", .needs(.usersInvite), use: invite)
        // Own profile for everyone; another user's needs users.manage (checked in the service).
        routes.patch("users/{id}", .signedIn, use: update)
        routes.post("users/{id}/role", .needs(.usersManage), use: changeRole)
        routes.post("users/{id}/disable", .needs(.usersManage), use: disable)
        routes.post("users/{id}/enable", .needs(.usersManage), use: enable)
        routes.post("users/{id}/invitation", .needs(.usersInvite), use: resendInvitation)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "role": FilterSpec(.enumeration(Set(Role.allCases.map(\.rawValue)))),
            "status": FilterSpec(.enumeration(Set(UserStatus.allCases.map(\.rawValue)))),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<UserDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = UserRepository.Filter()
        for condition in query.filters {
            guard case .string(let value) = condition.value else { continue }
            if condition.field == "role" { filter.role = Role(rawValue: value) }
            if condition.field == "status" { filter.status = UserStatus(rawValue: value) }
        }
        if case .ownedBy(let own) = context.recordScope { filter.onlyId = own }
        let page = try await service.users(context.scope).list(filter, page: query.page)
        return Page(items: page.items.map { UserDTO($0, pii: context.pii, view: .list) }, nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> UserDTO {
        let user = try await service.visibleUser(try context.pathID(as: UserID.self), context.scope)
        if context.pii.cardIsAuditedReveal, user.id != context.userId {
            try await service.recordReveal(of: user, scope: context.scope)
        }
        return UserDTO(user, pii: context.pii, view: .card)
    }

    @Sendable func invite(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<UserDTO> {
        let input = try await request.decodeJSON(as: InviteUserInput.self, context: context)
        let user = try await service.invite(
            .init(name: input.name, email: input.email, role: input.role, phone: input.phone, locale: input.locale, timezone: input.timezone),
            scope: context.scope)
        return EditedResponse(status: .created, response: UserDTO(user, pii: context.pii, view: .card))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> UserDTO {
        let input = try await request.decodeJSON(as: UpdateUserInput.self, context: context)
        let user = try await service.update(
            try context.pathID(as: UserID.self), .init(name: input.name, phone: input.phone, locale: input.locale, timezone: input.timezone), scope: context.scope)
        return UserDTO(user, pii: context.pii, view: .card)
    }

    @Sendable func changeRole(_ request: Request, context: TenantRequestContext) async throws -> UserDTO {
        let input = try await request.decodeJSON(as: ChangeRoleInput.self, context: context)
        return UserDTO(try await service.changeRole(try context.pathID(as: UserID.self), to: input.role, scope: context.scope), pii: context.pii, view: .card)
    }

    @Sendable func disable(_ request: Request, context: TenantRequestContext) async throws -> UserDTO {
        UserDTO(try await service.setStatus(try context.pathID(as: UserID.self), to: .disabled, scope: context.scope), pii: context.pii, view: .card)
    }

    @Sendable func enable(_ request: Request, context: TenantRequestContext) async throws -> UserDTO {
        UserDTO(try await service.setStatus(try context.pathID(as: UserID.self), to: .active, scope: context.scope), pii: context.pii, view: .card)
    }

    @Sendable func resendInvitation(_ request: Request, context: TenantRequestContext) async throws -> Response {
        _ = try await service.resendInvitation(try context.pathID(as: UserID.self), scope: context.scope)
        return Response(status: .accepted)
    }

    /// Accepting signs the new user in, like a login.
    @Sendable func accept(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: AcceptInvitationInput.self, context: context)
        let now = context.clock.now()
        let candidate = try await service.acceptInvitation(
            token: input.token, password: input.password, ip: context.remoteAddress, userAgent: request.headers[.userAgent],
            requestId: context.requestId, now: now)
        return try await sessions.start(tenant: candidate.tenant, user: candidate.user, status: .ok, request: request, context: context)
    }

    /// A malformed id is as unknown as another tenant's.
}
