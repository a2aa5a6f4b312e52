import CRMCore
import Foundation

/// Writes and sends the emails of the account lifecycle (password reset, invitation) in the
/// recipient's language, with links into the web UI at the public base URL.
public struct AccountMailer: Sendable {
    let sender: any EmailSender
    let catalog: MessageCatalog
    let publicBaseURL: String

    public init(sender: any EmailSender, catalog: MessageCatalog, publicBaseURL: String) {
        self.sender = sender
        self.catalog = catalog
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func passwordReset(to user: User, tenant: Tenant, token: String, validMinutes: Int) async throws {
        try await send(
            "mail.password_reset", to: user, tenant: tenant,
            arguments: [
                "name": user.name, "studio": tenant.name, "minutes": String(validMinutes),
                "link": "\(publicBaseURL)/app/#/reset-password?token=\(token)",
            ])
    }

    public func emailVerification(to user: User, tenant: Tenant, token: String, validDays: Int) async throws {
        try await send(
            "mail.email_verification", to: user, tenant: tenant,
            arguments: [
                "name": user.name, "studio": tenant.name, "days": String(validDays), "link": "\(publicBaseURL)/app/#/verify-email?token=\(token)",
            ])
    }

    public func invitation(to user: User, tenant: Tenant, invitedBy inviter: User, token: String, validDays: Int) async throws {
        try await send(
            "mail.invitation", to: user, tenant: tenant,
            arguments: [
                "name": user.name, "studio": tenant.name, "inviter": inviter.name, "days": String(validDays),
                "link": "\(publicBaseURL)/app/#/accept-invitation?token=\(token)",
            ])
    }

    private func send(_ key: String, to user: User, tenant: Tenant, arguments: [String: String]) async throws {
        let locale = user.locale ?? tenant.locale
        try await sender.send(
            EmailMessage(
                to: user.email, subject: catalog.message("\(key).subject", locale: locale, arguments: arguments),
                text: catalog.message("\(key).text", locale: locale, arguments: arguments)))
    }
}
