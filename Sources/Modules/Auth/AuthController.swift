import CRMCore
import Foundation
import Hummingbird
import Plans
import Tenancy

/// Registration, sign-in and sign-out with server-side sessions, and `GET /auth/me`.
public struct AuthController: Sendable {
    let provisioning: TenantProvisioning
    let logins: LoginService
    /// `Secure` on the session cookie when the public URL is https.
    let secureCookies: Bool

    public init(provisioning: TenantProvisioning, logins: LoginService, secureCookies: Bool) {
        self.provisioning = provisioning
        self.logins = logins
        self.secureCookies = secureCookies
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant tenantGroup: RouterGroup<TenantRequestContext>) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        tenantGroup.post("auth/logout", use: logout)
        tenantGroup.get("auth/me", use: me)
    }

    /// Creates the studio and its owner, and signs the owner in.
    @Sendable func register(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: RegisterInput.self, context: context)
        let now = context.clock.now()
        let created = try await provisioning.create(
            .init(
                name: input.name, slug: input.slug, timezone: input.timezone, locale: input.locale, currency: input.currency,
                ownerName: input.ownerName, ownerEmail: input.ownerEmail, ownerPassword: input.ownerPassword),
            now: now)
        let session = try await logins.startSession(
            tenant: created.tenant, user: created.owner, ip: context.remoteAddress, userAgent: request.headers[.userAgent], now: now)
        return try sessionResponse(session, status: .created, request: request, context: context)
    }

    @Sendable func login(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: LoginInput.self, context: context)
        let session = try await logins.login(
            email: input.email, password: input.password, ip: context.remoteAddress, userAgent: request.headers[.userAgent],
            now: context.clock.now())
        return try sessionResponse(session, status: .ok, request: request, context: context)
    }

    @Sendable func logout(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await logins.logout(context.identity, now: context.clock.now())
        var response = Response(status: .noContent)
        response.setCookie(
            Cookie(name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func me(_ request: Request, context: TenantRequestContext) async throws -> MeDTO {
        let identity = context.identity
        return MeDTO(
            user: UserDTO(identity.user), tenant: TenantDTO(identity.tenant), role: identity.user.role, plan: identity.tenant.plan,
            features: identity.tenant.plan.enabledFeatures.map(\.rawValue),
            permissions: identity.user.role.permissions.map(\.rawValue).sorted(), locale: context.locale, timezone: identity.tenant.timezone)
    }

    private func sessionResponse(_ session: LoginService.Session, status: HTTPResponse.Status, request: Request, context: APIRequestContext) throws
        -> Response
    {
        let body = SessionDTO(
            user: UserDTO(session.identity.user), tenant: TenantDTO(session.identity.tenant), csrfToken: session.csrfToken,
            expiresAt: session.expiresAt)
        var response = try EditedResponse(status: status, response: body).response(from: request, context: context)
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: session.token, expires: session.expiresAt, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        // A session must never be replayed from an idempotency record or a shared cache.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
