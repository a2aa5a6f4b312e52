import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// Password reset (request a link, then set a new password with it) and password change.
public struct PasswordController: Sendable {
    let passwords: PasswordService

    public init(passwords: PasswordService) { self.passwords = passwords }

    public func addRoutes(public group: RouterGroup<APIRequestContext>, tenant routes: TenantRoutes) {
        group.post("auth/password/reset-request", use: requestReset)
        group.post("auth/password/reset", use: reset)
        routes.post("auth/password/change", .signedIn, use: change)
    }

    struct ResetRequestInput: Decodable { let email: String }
    struct ResetInput: Decodable {
        let token: String
        let password: String
    }
    struct ChangeInput: Decodable {
        let currentPassword: String
        let newPassword: String
    }

    /// Always 202, whether or not the email belongs to someone.
    @Sendable func requestReset(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: ResetRequestInput.self, context: context)
        guard TenantProvisioning.looksLikeEmail(input.email.trimmingCharacters(in: .whitespaces)) else {
            throw AppError.validation(field: "email", "invalid")
        }
        try await passwords.requestReset(email: input.email, ip: context.remoteAddress, now: context.clock.now())
        return Response(status: .accepted)
    }

    @Sendable func reset(_ request: Request, context: APIRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: ResetInput.self, context: context)
        try await passwords.reset(
            token: input.token, newPassword: input.password, ip: context.remoteAddress, userAgent: request.headers[.userAgent],
            now: context.clock.now())
        return Response(status: .noContent)
    }

    @Sendable func change(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(as: ChangeInput.self, context: context)
        try await passwords.change(
            context.identity, current: input.currentPassword, new: input.newPassword, actor: context.auditActor, now: context.clock.now())
        return Response(status: .noContent)
    }
}
