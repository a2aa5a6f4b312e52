import CRMCore
import Foundation
import HummingbirdBcrypt

/// Password sign-in: rate limited per IP and per account, then a server-side session.
public struct LoginService: Sendable {
    public struct Limits: Sendable {
        public var window: TimeInterval = 15 * 60
        public var failuresPerAccount = 5
        public var failuresPerIP = 20

        public init() {}
    }

    public struct Session: Sendable {
        /// The cookie value; shown once, stored hashed.
        public let token: String
        public let csrfToken: String
        public let expiresAt: Date
        public let identity: Identity
    }

    let repository: AuthRepository
    let limits: Limits
    let limiter: AttemptLimiter
    let twoFactor: TwoFactorService
    public let sessionLifetime: TimeInterval

    public init(
        database: Database, twoFactor: TwoFactorService, limits: Limits = Limits(), sessionLifetime: TimeInterval = 14 * 24 * 3600
    ) {
        repository = AuthRepository(sql: database.sql)
        limiter = AttemptLimiter(repository: repository, window: limits.window)
        self.twoFactor = twoFactor
        self.limits = limits
        self.sessionLifetime = sessionLifetime
    }

    /// Password, then (when the user enrolled one) the TOTP code. A missing code is
    /// `401 totp_required` and is not a failure; a wrong one counts like a wrong password.
    public func login(email: String, password: String, totpCode: String?, ip: String?, userAgent: String?, now: Date) async throws
        -> Session
    {
        let accountScope = "account:\(User.normalizedEmail(email))"
        let ipScope = "ip:\(ip ?? "local")"
        try await limiter.enforce(scope: accountScope, max: limits.failuresPerAccount, now: now)
        try await limiter.enforce(scope: ipScope, max: limits.failuresPerIP, now: now)

        let candidate = try await repository.loginCandidate(email: email)
        // Without a user, still spend a bcrypt verification so timing does not reveal which emails exist.
        let matches = try await PasswordPolicy.verify(password, hash: candidate?.passwordHash ?? Self.decoyHash)
        guard let candidate, matches else {
            try await limiter.record(scopes: [accountScope, ipScope], now: now)
            throw AppError.unauthorized("invalid_credentials")
        }
        guard candidate.user.status == .active else { throw AppError.unauthorized("account_disabled") }
        if let refusal = TenantLifecycle.refusal(for: candidate.tenant) { throw refusal }
        if try await twoFactor.isEnabled(for: candidate.user) {
            guard let totpCode, !totpCode.isEmpty else { throw AppError.unauthorized("totp_required") }
            guard try await twoFactor.verify(candidate.user, code: totpCode, now: now) else {
                try await limiter.record(scopes: [accountScope, ipScope], now: now)
                throw AppError.unauthorized("totp_invalid")
            }
        }
        try await limiter.clear(scope: accountScope)
        return try await startSession(tenant: candidate.tenant, user: candidate.user, ip: ip, userAgent: userAgent, now: now)
    }

    /// Opens a session for an already verified user (sign-in, registration).
    public func startSession(tenant: Tenant, user: User, ip: String?, userAgent: String?, now: Date) async throws -> Session {
        let token = SecretToken.generate(prefix: "vs_")
        let csrf = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let id = try await repository.createSession(
            tenantId: tenant.id, userId: user.id, tokenHash: SecretToken.hash(token), csrfToken: csrf, ip: ip,
            userAgent: userAgent.map { String($0.prefix(512)) }, now: now, expiresAt: expiresAt)
        var user = user
        user.lastLoginAt = now
        return Session(
            token: token, csrfToken: csrf, expiresAt: expiresAt,
            identity: Identity(tenant: tenant, user: user, credential: .session(id: id, csrfToken: csrf)))
    }

    public func logout(_ identity: Identity, now: Date) async throws {
        guard case .session(let id, _) = identity.credential else { return }
        try await repository.revokeSession(tenantId: identity.tenant.id, id: id, now: now)
    }

    /// A valid bcrypt hash of a random string, verified when the email is unknown.
    static let decoyHash = Bcrypt.hash(SecretToken.generate(), cost: 10)
}
