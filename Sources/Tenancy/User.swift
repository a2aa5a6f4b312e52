import CRMCore
import Foundation

/// A person who signs in; belongs to exactly one tenant.
public struct User: Codable, Sendable, Equatable {
    public var id: UserID
    public var tenantId: TenantID
    public var name: String
    public var email: String
    public var phone: String?
    public var role: Role
    public var status: UserStatus
    public var timezone: String?
    public var locale: AppLocale?
    public var lastLoginAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UserID, tenantId: TenantID, name: String, email: String, phone: String?, role: Role, status: UserStatus, timezone: String?,
        locale: AppLocale?, lastLoginAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenantId = tenantId
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.status = status
        self.timezone = timezone
        self.locale = locale
        self.lastLoginAt = lastLoginAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Emails are unique regardless of case; this is the form stored in the unique column.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// Roles inside a tenant (SPEC §1).
public enum Role: String, Codable, Sendable, CaseIterable {
    case owner
    case manager
    case specialist
    case receptionist
    case finance
    case readOnly = "read_only"
}

public enum UserStatus: String, Codable, Sendable, CaseIterable {
    /// Invited by an owner or manager; becomes active when they accept and set a password.
    case invited
    case active
    case disabled
}
