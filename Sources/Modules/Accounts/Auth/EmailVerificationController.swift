import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `POST /auth/email/verify {token}` (the emailed link) and `POST /auth/email/verification` (a
/// new link for the signed-in user).
public struct EmailVerificationController: Sendable {
    let verification: EmailVerificationService

    public init(verification: EmailVerificationService) { self.verification = verification }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.post("auth/email/verify", use: verify)
        routes.post("auth/email/verification", .signedIn, use: resend)
    }

    struct VerifyInput: Decodable { let token: String }

    @Sendable func verify(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: VerifyInput.self, context: context)
        try await verification.verify(token: input.token, ip: context.remoteAddress, userAgent: request.headers[.userAgent], now: context.clock.now())
        return Response(status: .noContent)
    }

    @Sendable func resend(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await verification.resend(context.identity, now: context.clock.now())
        return Response(status: .accepted)
    }
}
