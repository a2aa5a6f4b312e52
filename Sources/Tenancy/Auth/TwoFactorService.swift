import CRMCore
import Crypto
import Foundation
import HummingbirdOTP
import SQLKit

/// TOTP second factor (RFC 6238: 6 digits, 30 s, SHA-1 — what authenticator apps expect).
/// Enrolment is two steps: a pending seed is shown once, and becomes active only after the user
/// proves their app produces its codes. Seeds are stored sealed with the server key; a code is
/// accepted within one step of drift and never twice.
public struct TwoFactorService: Sendable {
    public static let issuer = "VeloriaCRM"
    static let timeStep = 30

    let database: Database
    let box: SecretBox

    public init(database: Database, secretKey: String) {
        self.database = database
        box = SecretBox(secretKey: secretKey, purpose: "totp")
    }

    public struct Status: Sendable, Equatable, Codable {
        public let enabled: Bool
        public let pending: Bool
        public let enabledAt: Date?
    }

    public struct Enrollment: Sendable {
        /// Base32, for typing into an app by hand.
        public let secret: String
        /// `otpauth://totp/…`, for a QR code.
        public let uri: String
    }

    struct Row: Decodable {
        let totpSecret: String?
        let totpPendingSecret: String?
        let totpEnabledAt: Date?
        let totpLastStep: Int64?
    }

    func row(_ tenantId: TenantID, _ userId: UserID, on sql: any SQLDatabase) async throws -> Row {
        let row = try await sql.raw(
            """
            SELECT totp_secret, totp_pending_secret, totp_enabled_at, totp_last_step FROM users
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: userId)
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { throw AppError.notFound() }
        return row
    }

    public func status(of user: User) async throws -> Status {
        let row = try await row(user.tenantId, user.id, on: database.sql)
        return Status(enabled: row.totpSecret != nil, pending: row.totpPendingSecret != nil, enabledAt: row.totpEnabledAt)
    }

    public func isEnabled(for user: User) async throws -> Bool { try await status(of: user).enabled }

    /// Starts (or restarts) enrolment with a fresh seed.
    public func enroll(_ user: User, tenant: Tenant) async throws -> Enrollment {
        guard try await !isEnabled(for: user) else { throw AppError.conflict("totp_already_enabled") }
        let seed = Self.randomSeed()
        try await database.sql.raw(
            "UPDATE users SET totp_pending_secret = \(bind: try box.seal(seed)) WHERE tenant_id = \(bind: user.tenantId) AND id = \(bind: user.id)"
        ).run()
        let uri = TOTP(secret: seed).createAuthenticatorURL(label: "\(Self.issuer):\(user.email)", issuer: Self.issuer)
        let base32 = URLComponents(string: uri)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
        return Enrollment(secret: base32, uri: uri)
    }

    /// Turns the pending seed on when `code` matches it.
    public func confirm(_ user: User, code: String, actor: AuditActor, now: Date) async throws {
        try await database.mutate(by: actor, at: now) { sql in
            let row = try await row(user.tenantId, user.id, on: sql)
            guard row.totpSecret == nil else { throw AppError.conflict("totp_already_enabled") }
            guard let pending = row.totpPendingSecret else { throw AppError.conflict("totp_not_enrolled") }
            guard let step = Self.matchingStep(code: code, seed: try box.open(pending), now: now, after: nil) else {
                throw AppError.validation(field: "code", "invalid")
            }
            try await sql.raw(
                """
                UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = \(bind: now),
                       totp_last_step = \(bind: step)
                WHERE tenant_id = \(bind: user.tenantId) AND id = \(bind: user.id)
                """
            ).run()
            return ((), [MutationRecord(action: "user.2fa_enabled", entityType: "user", entityId: user.id.description)])
        }
    }

    /// Turns the second factor off; the caller proves possession with a current code.
    public func disable(_ user: User, code: String, actor: AuditActor, now: Date) async throws {
        guard try await isEnabled(for: user) else { throw AppError.conflict("totp_not_enabled") }
        guard try await verify(user, code: code, now: now) else {
            throw AppError.validation(field: "code", "invalid")
        }
        try await database.mutate(by: actor, at: now) { sql in
            try await sql.raw(
                """
                UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
                WHERE tenant_id = \(bind: user.tenantId) AND id = \(bind: user.id)
                """
            ).run()
            return ((), [MutationRecord(action: "user.2fa_disabled", entityType: "user", entityId: user.id.description)])
        }
    }

    /// Whether `code` is a current, not yet used code of the user's active seed; records its step.
    public func verify(_ user: User, code: String, now: Date) async throws -> Bool {
        let row = try await row(user.tenantId, user.id, on: database.sql)
        guard let sealed = row.totpSecret,
            let step = Self.matchingStep(code: code, seed: try box.open(sealed), now: now, after: row.totpLastStep)
        else { return false }
        // Conditional on the step still being newer, so the same code raced twice passes once.
        let claimed = try await database.sql.raw(
            """
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE tenant_id = \(bind: user.tenantId) AND id = \(bind: user.id) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
            RETURNING id
            """
        ).first()
        return claimed != nil
    }

    /// The time step (now ± 1) whose code is `code`, if any, and newer than `after`.
    static func matchingStep(code: String, seed: String, now: Date, after lastStep: Int64?) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, let value = Int(digits) else { return nil }
        let current = Int64(now.timeIntervalSince1970) / Int64(timeStep)
        let totp = TOTP(secret: seed)
        for step in [current - 1, current, current + 1] where step > (lastStep ?? Int64.min) {
            if totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * Int64(timeStep)))) == value { return step }
        }
        return nil
    }

    /// 32 characters from an unambiguous alphabet; HummingbirdOTP keys the HMAC with their bytes.
    static func randomSeed() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }
}
