import CRMCore
import Foundation
import HTTPTypes
import Hummingbird

/// Resolves the caller of an API request from `Authorization: Bearer <token>` or the session
/// cookie. It never rejects a request itself: a refused credential is left in
/// `identityError`, which tenant routes answer with and public routes ignore.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    public static let sessionCookie = "veloria_session"

    let repository: AuthRepository

    public init(database: Database) { repository = AuthRepository(sql: database.sql) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        var context = context
        context.userAgent = request.headers[.userAgent]
        let now = context.clock.now()
        if let authorization = request.headers[.authorization] {
            if authorization.hasPrefix("Bearer "),
                let identity = try await repository.identity(
                    accessTokenHash: SecretToken.hash(String(authorization.dropFirst(7))), now: now)
            {
                context.identity = identity
            } else {
                context.identityError = .unauthorized("invalid_token")
            }
        } else if let cookie = request.cookies[Self.sessionCookie],
            let identity = try await repository.identity(sessionTokenHash: SecretToken.hash(cookie.value), now: now)
        {
            if Self.isUnsafe(request.method), case .session(_, let csrf) = identity.credential,
                !ConstantTime.equal(request.headers[.csrfToken] ?? "", csrf)
            {
                context.identityError = .forbidden("csrf_token_invalid")
            } else {
                context.identity = identity
            }
        }
        // A suspended or closed studio's credentials still identify it, and every route refuses it.
        if let identity = context.identity, let refusal = TenantLifecycle.refusal(for: identity.tenant) {
            context.identity = nil
            context.identityError = refusal
        }
        if let identity = context.identity, LocaleNegotiation.preferred(acceptLanguage: request.headers[.acceptLanguage]) == nil {
            // SPEC §14: Accept-Language first, then the user's locale, then the tenant's.
            context.locale = identity.user.locale ?? identity.tenant.locale
        }
        return try await next(request, context)
    }

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }
}

extension HTTPField.Name {
    public static let csrfToken = Self("X-CSRF-Token")!
}
