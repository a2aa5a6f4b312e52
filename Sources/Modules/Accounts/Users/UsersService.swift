import CRMCore
import Foundation
import Logging
import Tenancy

/// The rules of a tenant's staff accounts: invitations, profiles, roles, disabling. Every change
/// commits with its audit entry; a tenant always keeps at least one active owner.
public struct UsersService: Sendable {
    public static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    let database: Database
    let mailer: AccountMailer
    let bcryptCost: UInt8
    let logger: Logger

    public init(database: Database, mailer: AccountMailer, bcryptCost: UInt8, logger: Logger) {
        self.database = database
        self.mailer = mailer
        self.bcryptCost = bcryptCost
        self.logger = logger
    }

    func users(_ scope: TenantScope) -> UserRepository { UserRepository(sql: database.sql, tenantId: scope.tenantId) }

    /// A user of the caller's tenant inside the caller's record scope; anything else is 404.
    func visibleUser(_ id: UserID, _ scope: TenantScope) async throws -> User {
        guard scope.recordScope.includes(owner: id), let user = try await users(scope).find(id) else { throw AppError.notFound() }
        return user
    }

    /// A receptionist opening a card sees full contact data; the trail records who looked.
    func recordReveal(of user: User, scope: TenantScope) async throws {
        try await Database.record(
            MutationRecord(action: "user.pii_revealed", entityType: "user", entityId: user.id.description, emitsEvent: false), by: scope.auditActor,
            at: scope.clock.now(), on: database.sql)
    }

    public struct Invitation: Sendable {
        var name: String
        var email: String
        var role: Role
        var phone: String?
        var locale: AppLocale?
        var timezone: String?
    }

    /// Creates an `invited` user and mails them a link (7 days) to set their password.
    func invite(_ input: Invitation, scope: TenantScope) async throws -> User {
        var problems = UserProfileRules.problems(name: input.name, phone: input.phone, timezone: input.timezone)
        if !TenantProvisioning.looksLikeEmail(input.email) { problems["email"] = "invalid" }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try Self.checkAssignable(input.role, by: try scope.actingUser().role)
        let now = scope.clock.now()
        // Never usable: replaced when the invitation is accepted.
        let placeholder = try await PasswordPolicy.hash(SecretToken.generate(), cost: 10)
        let user = User(
            id: .random(), tenantId: scope.tenantId, name: input.name.trimmingCharacters(in: .whitespaces),
            email: input.email.trimmingCharacters(in: .whitespaces), phone: UserProfileRules.clean(input.phone), role: input.role,
            status: .invited, timezone: input.timezone, locale: input.locale, lastLoginAt: nil, createdAt: now, updatedAt: now)
        let token = try await UniqueViolation.mapping(to: ["email": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                if try await UserRepository.emailIsTaken(user.email, on: sql) { throw AppError.conflict(fields: ["email": "taken"]) }
                try await users(scope).on(sql).insert(user, passwordHash: placeholder)
                let token = try await UserTokenStore(sql: sql).issue(
                    tenantId: scope.tenantId, userId: user.id, purpose: .invitation, lifetime: Self.invitationLifetime, now: now)
                return (token, [MutationRecord(action: "user.invited", entityType: "user", entityId: user.id.description, after: user.auditSnapshot)])
            }
        }
        try await mailInvitation(to: user, token: token, scope: scope)
        return user
    }

    /// A fresh link for a user who has not accepted yet; the previous link stops working.
    func resendInvitation(_ id: UserID, scope: TenantScope) async throws -> User {
        let user = try await visibleUser(id, scope)
        guard user.status == .invited else { throw AppError.conflict("user_not_invited") }
        try Self.checkAssignable(user.role, by: try scope.actingUser().role)
        let token = try await UserTokenStore(sql: database.sql).issue(
            tenantId: scope.tenantId, userId: user.id, purpose: .invitation, lifetime: Self.invitationLifetime, now: scope.clock.now())
        try await mailInvitation(to: user, token: token, scope: scope)
        return user
    }

    private func mailInvitation(to user: User, token: String, scope: TenantScope) async throws {
        guard let inviter = try await users(scope).find(try scope.actingUser().id) else { throw AppError.unauthorized() }
        do {
            try await mailer.invitation(
                to: user, tenant: scope.tenant, invitedBy: inviter, token: token,
                validDays: Int(Self.invitationLifetime / 86400))
        } catch {
            logger.error("invitation email failed", metadata: ["tenant": "\(scope.tenantId)", "error": "\(error)"])
            throw AppError.serviceUnavailable("email_not_sent")
        }
    }

    /// Sets the invited user's password and activates them; the token works once, for 7 days.
    func acceptInvitation(token: String, password: String, ip: String?, userAgent: String?, requestId: String, now: Date) async throws
        -> AuthRepository.LoginCandidate
    {
        if let problem = PasswordPolicy.problem(password) { throw AppError.validation(field: "password", problem) }
        let hash = try await PasswordPolicy.hash(password, cost: bcryptCost)
        let user = try await database.transaction { sql in
            guard let owner = try await UserTokenStore(sql: sql).consume(token, purpose: .invitation, now: now) else {
                throw AppError.badRequest("invitation_invalid")
            }
            let users = UserRepository(sql: sql, tenantId: owner.tenantId)
            guard var user = try await users.find(owner.userId), user.status == .invited else { throw AppError.badRequest("invitation_invalid") }
            let before = user.auditSnapshot
            user.status = .active
            user.updatedAt = now
            try await users.update(user)
            try await users.setPassword(user.id, hash: hash, now: now)
            // The invitation came to this address: accepting it proves the user reads it.
            try await users.markEmailVerified(user.id, now: now)
            try await Database.record(
                MutationRecord(
                    action: "user.invitation_accepted", entityType: "user", entityId: user.id.description, before: before, after: user.auditSnapshot),
                by: AuditActor(tenantId: owner.tenantId, userId: user.id, ip: ip, userAgent: userAgent, requestId: requestId), at: now, on: sql)
            return user
        }
        guard let candidate = try await AuthRepository(sql: database.sql).loginCandidate(email: user.email) else { throw AppError.notFound() }
        return candidate
    }

    public struct ProfileChange: Sendable {
        var name: String?
        var phone: String?
        var locale: AppLocale?
        var timezone: String?
    }

    /// Users edit their own profile; editing someone else's needs `users.manage`.
    func update(_ id: UserID, _ change: ProfileChange, scope: TenantScope) async throws -> User {
        if id != scope.userId { try scope.require(.usersManage) }
        let before = try await visibleUser(id, scope)
        var after = before
        if let name = change.name { after.name = name.trimmingCharacters(in: .whitespaces) }
        if let phone = change.phone { after.phone = UserProfileRules.clean(phone) }
        if let locale = change.locale { after.locale = locale }
        if let timezone = change.timezone { after.timezone = timezone.isEmpty ? nil : timezone }
        let problems = UserProfileRules.problems(name: after.name, phone: after.phone, timezone: after.timezone)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await save(before: before, after: after, action: "user.updated", scope: scope)
    }

    func changeRole(_ id: UserID, to role: Role, scope: TenantScope) async throws -> User {
        let before = try await visibleUser(id, scope)
        guard before.role != role else { return before }
        var after = before
        after.role = role
        return try await save(before: before, after: after, action: "user.role_changed", scope: scope)
    }

    /// Disabling signs the user out everywhere (sessions and access tokens); enabling does not
    /// bring those back, and returns the user to the status they had before (`invited` or `active`).
    func setStatus(_ id: UserID, to status: UserStatus, scope: TenantScope) async throws -> User {
        let before = try await visibleUser(id, scope)
        if status == .disabled, id == scope.userId { throw AppError.conflict("cannot_disable_self") }
        if status == .active, before.status == .invited { throw AppError.conflict("user_not_accepted") }
        guard before.status != status else { return before }
        var after = before
        // Enabling returns the user to where they were: an invitee who never accepted stays invited.
        after.status = status == .active ? try await users(scope).statusBeforeDisable(id) : status
        return try await save(before: before, after: after, action: status == .disabled ? "user.disabled" : "user.enabled", scope: scope)
    }

    private func save(before: User, after: User, action: String, scope: TenantScope) async throws -> User {
        let now = scope.clock.now()
        var after = after
        after.updatedAt = now
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let users = users(scope).on(sql)
            let losesOwner = before.role == .owner && before.status == .active && (after.role != .owner || after.status != .active)
            if losesOwner, try await users.activeOwnerCount() <= 1 { throw AppError.conflict("last_owner") }
            try await users.update(after)
            if after.status == .disabled, before.status != .disabled { try await users.disable(after.id, from: before.status, now: now) }
            if after.status == .disabled {
                try await users.revokeSessions(of: after.id, now: now)
                try await users.revokeAccessTokens(of: after.id, now: now)
            }
            let record = MutationRecord(
                action: action, entityType: "user", entityId: after.id.description, before: before.auditSnapshot, after: after.auditSnapshot)
            return (after, [record])
        }
    }

    /// Only an owner hands out the owner and manager roles; a manager invites the other staff.
    static func checkAssignable(_ role: Role, by caller: Role) throws {
        if caller != .owner, [.owner, .manager].contains(role) {
            throw AppError.forbidden("role_not_assignable", details: ["role": .string(role.rawValue)])
        }
    }
}

extension User {
    /// What the audit trail keeps of a user (never the password hash).
    var auditSnapshot: JSONValue {
        .object([
            "name": .string(name), "email": .string(email), "phone": phone.map(JSONValue.string) ?? .null, "role": .string(role.rawValue),
            "status": .string(status.rawValue), "locale": locale.map { .string($0.rawValue) } ?? .null,
            "timezone": timezone.map(JSONValue.string) ?? .null,
        ])
    }
}

/// Field rules shared by invitations and profile edits.
enum UserProfileRules {
    static func problems(name: String, phone: String?, timezone: String?) -> [String: String] {
        var problems: [String: String] = [:]
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { problems["name"] = "required" } else if trimmed.count > 200 { problems["name"] = "too_long" }
        if let phone = clean(phone) {
            let digits = phone.filter(\.isNumber)
            let allowed = phone.allSatisfy { $0.isNumber || " +-()".contains($0) }
            if !allowed || !(5...15).contains(digits.count) { problems["phone"] = "invalid" }
        }
        if let timezone, !timezone.isEmpty, TenantTime.zone(named: timezone) == nil { problems["timezone"] = "invalid" }
        return problems
    }

    /// Trimmed, or nil when blank (a blank phone clears it).
    static func clean(_ phone: String?) -> String? {
        guard let phone = phone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty else { return nil }
        return phone
    }
}
