import CRMCore
import Foundation
import Hummingbird
import Plans
import Tenancy

/// Registration, sign-in and sign-out with server-side sessions, and `GET /auth/me`.
public struct AuthController: Sendable {
    let provisioning: TenantProvisioning
    let logins: LoginService
    let sessions: SessionResponder
    /// Mails the new owner the link that verifies their address.
    let verification: EmailVerificationService
    /// Sign-ups per IP: 20 an hour, enough for a salon's shared connection, not for a script.
    let registrations: AttemptLimiter
    /// Studios one IP address may sign up an hour (`RATE_LIMIT_SIGNUPS`; 0: no limit).
    let registrationsPerIP: Int

    public init(
        provisioning: TenantProvisioning, logins: LoginService, sessions: SessionResponder, verification: EmailVerificationService, database: Database,
        registrationsPerIP: Int = RateLimits.defaults.signupsPerHour
    ) {
        self.registrationsPerIP = registrationsPerIP
        self.provisioning = provisioning
        self.logins = logins
        self.sessions = sessions
        self.verification = verification
        registrations = AttemptLimiter(repository: AuthRepository(sql: database.sql), window: 3600)
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        routes.post("auth/logout", .signedIn, use: logout)
        routes.get("auth/me", .signedIn, use: me)
    }

    /// Creates the studio and its owner, and signs the owner in.
    @Sendable func register(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: RegisterInput.self, context: context)
        let scope = "register:ip:\(context.remoteAddress ?? "local")"
        if registrationsPerIP > 0 {
            try await registrations.enforce(scope: scope, max: registrationsPerIP, now: context.clock.now())
            try await registrations.record(scopes: [scope], now: context.clock.now())
        }
        let created = try await provisioning.create(
            .init(
                name: input.name, slug: input.slug, timezone: input.timezone, locale: input.locale, currency: input.currency,
                ownerName: input.ownerName, ownerEmail: input.ownerEmail, ownerPassword: input.ownerPassword),
            now: context.clock.now())
        try await verification.send(to: created.owner, tenant: created.tenant, now: context.clock.now())
        return try await sessions.start(tenant: created.tenant, user: created.owner, status: .created, request: request, context: context)
    }

    @Sendable func login(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: LoginInput.self, context: context)
        let session = try await logins.login(
            email: input.email, password: input.password, totpCode: input.totpCode, ip: context.remoteAddress,
            userAgent: request.headers[.userAgent], now: context.clock.now())
        return try sessions.respond(session, status: .ok, request: request, context: context)
    }

    @Sendable func logout(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await logins.logout(context.identity, now: context.clock.now())
        var response = Response(status: .noContent)
        sessions.clearCookie(on: &response)
        return response
    }

    @Sendable func me(_ request: Request, context: TenantRequestContext) async throws -> MeDTO {
        let identity = context.identity
        let verified = try await verification.isVerified(identity)
        return MeDTO(
            user: UserDTO(identity.user), tenant: TenantDTO(identity.tenant), role: identity.user.role, plan: identity.tenant.plan,
            features: identity.tenant.plan.enabledFeatures.map(\.rawValue),
            permissions: identity.user.role.permissions.map(\.rawValue).sorted(), locale: context.locale, timezone: identity.tenant.timezone,
            emailVerified: verified, csrfToken: identity.csrfToken)
    }
}
