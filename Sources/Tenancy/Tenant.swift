import CRMCore
import Foundation
import Plans

/// A studio or a private master (SPEC §1): the unit every row of tenant data belongs to.
public struct Tenant: Codable, Sendable, Equatable {
    public var id: TenantID
    public var name: String
    /// Public URL part, unique and URL-safe (`[a-z0-9-]`, 3–63 characters).
    public var slug: String
    public var plan: Plan
    public var status: TenantStatus
    /// IANA zone every local time of this tenant is read and written in.
    public var timezone: String
    public var locale: AppLocale
    /// ISO 4217 code.
    public var currency: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: TenantID = .random(), name: String, slug: String, plan: Plan = .ivory, status: TenantStatus = .active, timezone: String,
        locale: AppLocale, currency: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.slug = slug
        self.plan = plan
        self.status = status
        self.timezone = timezone
        self.locale = locale
        self.currency = currency
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether `slug` can be a tenant's public URL part.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard (3...63).contains(slug.count), !slug.hasPrefix("-"), !slug.hasSuffix("-") else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

public enum TenantStatus: String, Codable, Sendable, CaseIterable {
    case active
    case suspended
    case closed
}
