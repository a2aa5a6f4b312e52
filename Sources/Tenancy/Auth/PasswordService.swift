import CRMCore
import Foundation
import Logging

/// Password reset by emailed one-time token, and password change by a signed-in user. Both
/// sign the user out of their other sessions: a new password must lock out whoever knew the old.
public struct PasswordService: Sendable {
    public static let resetLifetime: TimeInterval = 3600

    let database: Database
    let repository: AuthRepository
    let limiter: AttemptLimiter
    /// Wrong current passwords count like failed sign-ins, in the same window.
    let loginLimiter: AttemptLimiter
    let mailer: AccountMailer
    let bcryptCost: UInt8
    let logger: Logger

    public init(database: Database, mailer: AccountMailer, bcryptCost: UInt8, logger: Logger) {
        self.database = database
        repository = AuthRepository(sql: database.sql)
        limiter = AttemptLimiter(repository: repository, window: 3600)
        loginLimiter = AttemptLimiter(repository: repository, window: LoginService.Limits().window)
        self.mailer = mailer
        self.bcryptCost = bcryptCost
        self.logger = logger
    }

    /// Mails a reset link when `email` belongs to an active user. The caller answers the same
    /// whether or not it does, so the endpoint cannot be used to discover accounts.
    public func requestReset(email: String, ip: String?, now: Date) async throws {
        let scopes = ["reset:account:\(User.normalizedEmail(email))", "reset:ip:\(ip ?? "local")"]
        try await limiter.enforce(scope: scopes[0], max: 3, now: now)
        try await limiter.enforce(scope: scopes[1], max: 10, now: now)
        try await limiter.record(scopes: scopes, now: now)
        guard let candidate = try await repository.loginCandidate(email: email),
            candidate.user.status == .active, candidate.tenant.status == .active
        else { return }
        let tokens = UserTokenStore(sql: database.sql)
        let token = try await tokens.issue(
            tenantId: candidate.tenant.id, userId: candidate.user.id, purpose: .passwordReset, lifetime: Self.resetLifetime, now: now)
        do {
            try await mailer.passwordReset(to: candidate.user, tenant: candidate.tenant, token: token, validMinutes: Int(Self.resetLifetime / 60))
        } catch {
            // Answering differently would reveal that the account exists; the operator sees it here.
            logger.error("password reset email failed", metadata: ["tenant": "\(candidate.tenant.id)", "error": "\(error)"])
        }
    }

    /// Sets a new password with a reset token (single use, 1 h) and ends all the user's sessions.
    public func reset(token: String, newPassword: String, ip: String?, userAgent: String?, now: Date) async throws {
        if let problem = PasswordPolicy.problem(newPassword) { throw AppError.validation(field: "password", problem) }
        let hash = try await PasswordPolicy.hash(newPassword, cost: bcryptCost)
        try await database.transaction { sql in
            guard let owner = try await UserTokenStore(sql: sql).consume(token, purpose: .passwordReset, now: now) else {
                throw AppError.badRequest("reset_token_invalid")
            }
            let users = UserRepository(sql: sql, tenantId: owner.tenantId)
            guard let user = try await users.find(owner.userId), user.status == .active else { throw AppError.badRequest("reset_token_invalid") }
            try await users.setPassword(user.id, hash: hash, now: now)
            try await users.revokeSessions(of: user.id, now: now)
            let actor = AuditActor(tenantId: owner.tenantId, userId: user.id, ip: ip, userAgent: userAgent, requestId: nil)
            try await Database.record(
                MutationRecord(action: "user.password_reset", entityType: "user", entityId: user.id.description), by: actor, at: now, on: sql)
        }
    }

    /// Changes the caller's password after checking the current one; other sessions end, the
    /// one making the change stays signed in.
    public func change(_ identity: Identity, current: String, new: String, actor: AuditActor, now: Date) async throws {
        if let problem = PasswordPolicy.problem(new) { throw AppError.validation(field: "newPassword", problem) }
        let scope = "account:\(User.normalizedEmail(identity.user.email))"
        try await loginLimiter.enforce(scope: scope, max: LoginService.Limits().failuresPerAccount, now: now)
        let users = UserRepository(sql: database.sql, tenantId: identity.tenant.id)
        guard let stored = try await users.passwordHash(identity.user.id) else { throw AppError.notFound() }
        guard try await PasswordPolicy.verify(current, hash: stored) else {
            try await loginLimiter.record(scopes: [scope], now: now)
            throw AppError.validation(field: "currentPassword", "incorrect")
        }
        let hash = try await PasswordPolicy.hash(new, cost: bcryptCost)
        let keeping: UUID? = if case .session(let id, _) = identity.credential { id } else { nil }
        try await database.mutate(by: actor, at: now) { sql in
            let users = users.on(sql)
            try await users.setPassword(identity.user.id, hash: hash, now: now)
            try await users.revokeSessions(of: identity.user.id, keeping: keeping, now: now)
            return ((), [MutationRecord(action: "user.password_changed", entityType: "user", entityId: identity.user.id.description)])
        }
    }
}
