import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// Opens a session and answers with it: the body carries the CSRF token, the cookie the
/// session. Used by registration, sign-in and accepting an invitation.
public struct SessionResponder: Sendable {
    public let logins: LoginService
    /// `Secure` on the session cookie when the public URL is https.
    let secureCookies: Bool

    public init(logins: LoginService, secureCookies: Bool) {
        self.logins = logins
        self.secureCookies = secureCookies
    }

    func start(tenant: Tenant, user: User, status: HTTPResponse.Status, request: Request, context: APIRequestContext) async throws -> Response {
        let session = try await logins.startSession(
            tenant: tenant, user: user, ip: context.remoteAddress, userAgent: request.headers[.userAgent], now: context.clock.now())
        return try respond(session, status: status, request: request, context: context)
    }

    func respond(_ session: LoginService.Session, status: HTTPResponse.Status, request: Request, context: APIRequestContext) throws -> Response {
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

    /// Expires the cookie in the browser.
    func clearCookie(on response: inout Response) {
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
    }
}
