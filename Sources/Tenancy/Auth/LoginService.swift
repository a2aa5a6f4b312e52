import CRMCore
import Foundation
import HummingbirdBcrypt
import NIOPosix

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
    public let sessionLifetime: TimeInterval

    public init(database: Database, limits: Limits = Limits(), sessionLifetime: TimeInterval = 14 * 24 * 3600) {
        repository = AuthRepository(sql: database.sql)
        self.limits = limits
        self.sessionLifetime = sessionLifetime
    }

    public func login(email: String, password: String, ip: String?, userAgent: String?, now: Date) async throws -> Session {
        let accountScope = "account:\(User.normalizedEmail(email))"
        let ipScope = "ip:\(ip ?? "local")"
        try await enforceLimit(scope: accountScope, max: limits.failuresPerAccount, now: now)
        try await enforceLimit(scope: ipScope, max: limits.failuresPerIP, now: now)

        let candidate = try await repository.loginCandidate(email: email)
        // Without a user, still spend a bcrypt verification so timing does not reveal which emails exist.
        let hash = candidate?.passwordHash ?? Self.decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let candidate, matches else {
            try await repository.recordFailure(scopes: [accountScope, ipScope], at: now)
            throw AppError.unauthorized("invalid_credentials")
        }
        guard candidate.user.status == .active else { throw AppError.unauthorized("account_disabled") }
        guard candidate.tenant.status == .active else { throw AppError.forbidden("tenant_inactive") }
        try await repository.clearFailures(scope: accountScope)
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
        return Session(token: token, csrfToken: csrf, expiresAt: expiresAt, identity: Identity(tenant: tenant, user: user, credential: .session(id: id, csrfToken: csrf)))
    }

    public func logout(_ identity: Identity, now: Date) async throws {
        guard case .session(let id, _) = identity.credential else { return }
        try await repository.revokeSession(tenantId: identity.tenant.id, id: id, now: now)
    }

    private func enforceLimit(scope: String, max: Int, now: Date) async throws {
        let recent = try await repository.failures(scope: scope, since: now.addingTimeInterval(-limits.window))
        guard recent.count >= max else { return }
        // Allowed again once enough failures have aged out of the window.
        let reopensAt = recent[recent.count - max].addingTimeInterval(limits.window)
        throw AppError.tooManyRequests(retryAfterSeconds: Int(reopensAt.timeIntervalSince(now).rounded(.up)))
    }

    /// A valid bcrypt hash of a random string, verified when the email is unknown.
    static let decoyHash = Bcrypt.hash(SecretToken.generate(), cost: 10)
}
