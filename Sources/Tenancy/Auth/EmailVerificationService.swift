import CRMCore
import Foundation
import Logging

/// Email verification: a new studio's owner is mailed a link (7 days, single use) that proves
/// they read the address they signed up with; a signed-in user may ask for a new one. Accepting
/// an invitation verifies too (the link came to that address). Unverified users work as before;
/// `GET /auth/me` says `emailVerified`, so the app can remind them.
public struct EmailVerificationService: Sendable {
    public static let lifetime: TimeInterval = 7 * 86_400
    /// New links per account: 3 an hour.
    static let resendsPerHour = 3

    let database: Database
    let mailer: AccountMailer
    let limiter: AttemptLimiter
    let logger: Logger

    public init(database: Database, mailer: AccountMailer, logger: Logger) {
        self.database = database
        self.mailer = mailer
        limiter = AttemptLimiter(repository: AuthRepository(sql: database.sql), window: 3600)
        self.logger = logger
    }

    /// Issues a link and mails it. A mail that fails is logged, not thrown: the account exists
    /// either way and the user can ask for another link.
    public func send(to user: User, tenant: Tenant, now: Date) async throws {
        let token = try await UserTokenStore(sql: database.sql).issue(
            tenantId: tenant.id, userId: user.id, purpose: .emailVerification, lifetime: Self.lifetime, now: now)
        do {
            try await mailer.emailVerification(to: user, tenant: tenant, token: token, validDays: Int(Self.lifetime / 86_400))
        } catch {
            logger.error("email verification email failed", metadata: ["tenant": "\(tenant.id)", "error": "\(error)"])
        }
    }

    /// Whether the user's address is verified (`GET /auth/me`).
    public func isVerified(_ identity: Identity) async throws -> Bool {
        try await UserRepository(sql: database.sql, tenantId: identity.tenant.id).emailVerifiedAt(identity.user.id) != nil
    }

    /// `POST /auth/email/verification` by the signed-in user: a new link (the old one stops
    /// working); `409 email_already_verified` when there is nothing to verify.
    public func resend(_ identity: Identity, now: Date) async throws {
        let users = UserRepository(sql: database.sql, tenantId: identity.tenant.id)
        if try await users.emailVerifiedAt(identity.user.id) != nil { throw AppError.conflict("email_already_verified") }
        let scope = "verify:account:\(identity.user.id)"
        try await limiter.enforce(scope: scope, max: Self.resendsPerHour, now: now)
        try await limiter.record(scopes: [scope], now: now)
        try await send(to: identity.user, tenant: identity.tenant, now: now)
    }

    /// `POST /auth/email/verify {token}`: marks the address verified; an unknown, used or
    /// expired link is `400 verification_token_invalid`.
    public func verify(token: String, ip: String?, userAgent: String?, now: Date) async throws {
        try await database.transaction { sql in
            guard let owner = try await UserTokenStore(sql: sql).consume(token, purpose: .emailVerification, now: now) else {
                throw AppError.badRequest("verification_token_invalid")
            }
            try await UserRepository(sql: sql, tenantId: owner.tenantId).markEmailVerified(owner.userId, now: now)
            let actor = AuditActor(tenantId: owner.tenantId, userId: owner.userId, ip: ip, userAgent: userAgent, requestId: nil)
            try await Database.record(
                MutationRecord(action: "user.email_verified", entityType: "user", entityId: owner.userId.description), by: actor, at: now, on: sql)
        }
    }
}
