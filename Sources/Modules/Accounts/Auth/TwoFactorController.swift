import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/auth/2fa`: the caller's TOTP second factor. Enrolling needs `security.2fa` (veloria+);
/// status and disabling stay open on every plan, so a downgrade never locks anyone in.
public struct TwoFactorController: Sendable {
    let twoFactor: TwoFactorService

    public init(twoFactor: TwoFactorService) { self.twoFactor = twoFactor }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("auth/2fa", .signedIn, use: status)
        routes.post("auth/2fa/enroll", .feature(.security2FA), use: enroll)
        routes.post("auth/2fa/verify", .feature(.security2FA), use: verify)
        routes.post("auth/2fa/disable", .signedIn, use: disable)
    }

    struct CodeInput: Decodable { let code: String }

    struct StatusDTO: ResponseEncodable {
        let enabled: Bool
        let pending: Bool
        let enabledAt: Date?
    }

    struct EnrollmentDTO: ResponseEncodable {
        let secret: String
        let otpauthUri: String
    }

    @Sendable func status(_ request: Request, context: TenantRequestContext) async throws -> StatusDTO {
        let status = try await twoFactor.status(of: context.identity.user)
        return StatusDTO(enabled: status.enabled, pending: status.pending, enabledAt: status.enabledAt)
    }

    /// The seed is shown in this response only.
    @Sendable func enroll(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<EnrollmentDTO> {
        let enrollment = try await twoFactor.enroll(context.identity.user, tenant: context.identity.tenant)
        var response = EditedResponse(status: .ok, response: EnrollmentDTO(secret: enrollment.secret, otpauthUri: enrollment.uri))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func verify(_ request: Request, context: TenantRequestContext) async throws -> StatusDTO {
        let input = try await request.decodeJSON(as: CodeInput.self, context: context)
        try await twoFactor.confirm(context.identity.user, code: input.code, actor: context.auditActor, now: context.clock.now())
        return try await status(request, context: context)
    }

    @Sendable func disable(_ request: Request, context: TenantRequestContext) async throws -> StatusDTO {
        let input = try await request.decodeJSON(as: CodeInput.self, context: context)
        try await twoFactor.disable(context.identity.user, code: input.code, actor: context.auditActor, now: context.clock.now())
        return StatusDTO(enabled: false, pending: false, enabledAt: nil)
    }
}
