import CRMCore
import Foundation
import Hummingbird
import Plans
import Tenancy

struct RegisterInput: Decodable, Sendable {
    let name: String
    let slug: String
    let timezone: String?
    let locale: AppLocale?
    let currency: String?
    let ownerName: String
    let ownerEmail: String
    let ownerPassword: String
}

struct LoginInput: Decodable, Sendable {
    let email: String
    let password: String
    /// Required once the user has enrolled a second factor.
    let totpCode: String?
}

struct TenantDTO: Codable, Sendable {
    let id: TenantID
    let name: String
    let slug: String
    let plan: Plan
    let status: TenantStatus
    let timezone: String
    let locale: AppLocale
    let currency: String

    init(_ tenant: Tenant) {
        id = tenant.id
        name = tenant.name
        slug = tenant.slug
        plan = tenant.plan
        status = tenant.status
        timezone = tenant.timezone
        locale = tenant.locale
        currency = tenant.currency
    }
}

/// A user as the API shows it. Phone and email follow the caller's `PIIPresenter` (full by
/// default: a user always sees their own data).
struct UserDTO: Codable, Sendable, ResponseEncodable {
    let id: UserID
    let name: String
    let email: String
    let phone: String?
    let role: Role
    let status: UserStatus
    let locale: AppLocale?
    let timezone: String?
    let lastLoginAt: Date?
    let createdAt: Date

    init(_ user: User, pii: PIIPresenter = PIIPresenter(visibility: .full), view: PIIView = .card) {
        id = user.id
        name = user.name
        email = pii.email(user.email, in: view) ?? ""
        phone = pii.phone(user.phone, in: view)
        role = user.role
        status = user.status
        locale = user.locale
        timezone = user.timezone
        lastLoginAt = user.lastLoginAt
        createdAt = user.createdAt
    }
}

/// The answer to sign-in and registration: who, where, and the CSRF token the browser must echo
/// in `X-CSRF-Token` on unsafe requests (the session itself travels in an HttpOnly cookie).
struct SessionDTO: ResponseEncodable {
    let user: UserDTO
    let tenant: TenantDTO
    let csrfToken: String
    let expiresAt: Date
}

struct MeDTO: ResponseEncodable {
    let user: UserDTO
    let tenant: TenantDTO
    let role: Role
    let plan: Plan
    /// Feature keys the tenant's plan opens; the UI hides the rest.
    let features: [String]
    let permissions: [String]
    let locale: AppLocale
    let timezone: String
    /// Whether the user proved they read their address (a verification link or an invitation).
    let emailVerified: Bool
    /// The session's CSRF token when the caller is a browser session (a reloaded page reads it
    /// here); absent for access tokens, which need none.
    let csrfToken: String?
}
