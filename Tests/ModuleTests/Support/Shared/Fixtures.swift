import CRMCore
import Foundation
import Tenancy

/// Builders for test data. Each call makes unique slugs and emails so tests never collide.
public enum Fixtures {
    /// A tenant with its owner, created through the real provisioning path.
    public static func tenant(
        in database: Database, name: String = "Studio", timezone: String = "Europe/London", locale: AppLocale = .en,
        now: Date = Date(timeIntervalSince1970: 1_780_000_000)
    ) async throws -> (tenant: Tenant, owner: User) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return try await TenantProvisioning(database: database, defaults: .init(timezone: timezone, locale: locale, currency: "RUB"), bcryptCost: 10)
            .create(
                .init(
                    name: "\(name) \(suffix)", slug: "studio-\(suffix)", timezone: timezone, locale: locale, ownerName: "Owner \(suffix)",
                    ownerEmail: "owner-\(suffix)@example.test", ownerPassword: "correct horse battery"),
                now: now)
    }
}
