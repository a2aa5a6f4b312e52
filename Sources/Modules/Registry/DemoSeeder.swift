import CRMCore
import Foundation
import Tenancy

/// The demo studio of `veloria seed-demo`. Idempotent: an existing demo tenant is left as it is.
/// Later modules extend it with staff, services, clients and a week of appointments.
public struct DemoSeeder: Sendable {
    let provisioning: TenantProvisioning

    public init(database: Database, defaults: TenantProvisioning.Defaults) {
        provisioning = TenantProvisioning(database: database, defaults: defaults)
    }

    /// Returns a human-readable report of what exists after the call.
    public func seed(slug: String, ownerEmail: String, ownerPassword: String, now: Date) async throws -> String {
        if let existing = try await provisioning.tenant(slug: slug) {
            return "demo studio '\(existing.name)' (\(existing.slug)) already exists; owner login: \(ownerEmail)"
        }
        let created = try await provisioning.create(
            .init(
                name: "Veloria Demo Studio", slug: slug, ownerName: "Demo Owner", ownerEmail: ownerEmail, ownerPassword: ownerPassword),
            now: now)
        return """
            created demo studio '\(created.tenant.name)' (\(created.tenant.slug)), plan \(created.tenant.plan.rawValue), \
            zone \(created.tenant.timezone)
            owner login: \(ownerEmail) / \(ownerPassword)
            """
    }
}
