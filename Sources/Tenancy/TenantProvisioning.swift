import CRMCore
import Foundation
import Plans
import SQLKit

/// Creates a tenant together with its owner and default location, in one transaction: either all
/// exist or none.
public struct TenantProvisioning: Sendable {
    public struct Request: Sendable {
        public var name: String
        public var slug: String
        public var timezone: String?
        public var locale: AppLocale?
        public var currency: String?
        public var ownerName: String
        public var ownerEmail: String
        public var ownerPassword: String

        public init(
            name: String, slug: String, timezone: String? = nil, locale: AppLocale? = nil, currency: String? = nil, ownerName: String,
            ownerEmail: String, ownerPassword: String
        ) {
            self.name = name
            self.slug = slug
            self.timezone = timezone
            self.locale = locale
            self.currency = currency
            self.ownerName = ownerName
            self.ownerEmail = ownerEmail
            self.ownerPassword = ownerPassword
        }
    }

    /// Values used when the request names none (`APP_TIMEZONE`, `APP_LOCALE`, `APP_CURRENCY`).
    public struct Defaults: Sendable {
        public var timezone: String
        public var locale: AppLocale
        public var currency: String

        public init(timezone: String, locale: AppLocale, currency: String) {
            self.timezone = timezone
            self.locale = locale
            self.currency = currency
        }
    }

    let database: Database
    let defaults: Defaults
    let bcryptCost: UInt8

    public init(database: Database, defaults: Defaults, bcryptCost: UInt8 = 12) {
        self.database = database
        self.defaults = defaults
        self.bcryptCost = max(10, bcryptCost)
    }

    /// Validates everything first (every bad field reported at once), then writes.
    public func create(_ request: Request, now: Date) async throws -> (tenant: Tenant, owner: User) {
        let timezone = request.timezone ?? defaults.timezone
        let currency = (request.currency ?? defaults.currency).uppercased()
        var problems: [String: String] = [:]
        if request.name.trimmingCharacters(in: .whitespaces).isEmpty { problems["name"] = "required" }
        if !Tenant.isValidSlug(request.slug) { problems["slug"] = "invalid" }
        if TenantTime.zone(named: timezone) == nil { problems["timezone"] = "invalid" }
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) { problems["currency"] = "invalid" }
        if request.ownerName.trimmingCharacters(in: .whitespaces).isEmpty { problems["ownerName"] = "required" }
        if !Self.looksLikeEmail(request.ownerEmail) { problems["ownerEmail"] = "invalid" }
        if let problem = PasswordPolicy.problem(request.ownerPassword) { problems["ownerPassword"] = problem }
        guard problems.isEmpty else { throw AppError.validation(problems) }

        let hash = try await PasswordPolicy.hash(request.ownerPassword, cost: bcryptCost)

        let tenant = Tenant(
            name: request.name, slug: request.slug, timezone: timezone, locale: request.locale ?? defaults.locale, currency: currency,
            createdAt: now, updatedAt: now)
        let owner = User(
            id: .random(), tenantId: tenant.id, name: request.ownerName, email: request.ownerEmail, phone: nil, role: .owner,
            status: .active, timezone: nil, locale: nil, lastLoginAt: nil, createdAt: now, updatedAt: now)

        let users = UserRepository(sql: database.sql, tenantId: tenant.id)
        do {
            try await database.transaction { sql in
                let taken = try await takenFields(slug: tenant.slug, email: owner.email, on: sql)
                guard taken.isEmpty else { throw AppError.conflict(fields: taken) }
                try await sql.raw(
                    """
                    INSERT INTO tenants (id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at)
                    VALUES (\(bind: tenant.id), \(bind: tenant.name), \(bind: tenant.slug), \(bind: tenant.plan.rawValue),
                            \(bind: tenant.status.rawValue), \(bind: tenant.timezone), \(bind: tenant.locale.rawValue),
                            \(bind: tenant.currency), \(bind: now), \(bind: now))
                    """
                ).run()
                try await users.on(sql).insert(owner, passwordHash: hash)
                try await TenantDefaultLocation.insert(for: tenant, now: now, on: sql)
            }
        } catch let error where UniqueViolation.matches(error) {
            // Another registration took the slug or the email between our check and our insert.
            let taken = try await takenFields(slug: tenant.slug, email: owner.email, on: database.sql)
            throw AppError.conflict(fields: taken.isEmpty ? ["slug": "taken"] : taken)
        }
        return (tenant, owner)
    }

    /// Which of the sign-up's unique values already exist, as field problems.
    func takenFields(slug: String, email: String, on sql: any SQLDatabase) async throws -> [String: String] {
        var fields: [String: String] = [:]
        if try await sql.raw("SELECT id FROM tenants WHERE slug = \(bind: slug)").first() != nil { fields["slug"] = "taken" }
        if try await UserRepository.emailIsTaken(email, on: sql) { fields["ownerEmail"] = "taken" }
        return fields
    }

    /// The tenant with `slug`, if any.
    public func tenant(slug: String) async throws -> Tenant? {
        try await database.sql.raw(
            """
            SELECT id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at
            FROM tenants WHERE slug = \(bind: slug)
            """
        ).first(decoding: Tenant.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public static func looksLikeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !email.contains(where: \.isWhitespace) && email.count <= 254
    }
}
