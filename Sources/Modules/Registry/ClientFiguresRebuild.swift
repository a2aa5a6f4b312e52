import CRMCore
import Foundation
import Tenancy

/// Recomputes a studio's client figures from its records (`veloria rebuild-client-figures`):
/// visits, last visit, no-shows and late cancellations from the appointments (Booking), spend
/// from the payments (Billing), written by Clients in one transaction. For data written before
/// the figures were kept, or to check them: on current data it changes nothing.
public enum ClientFiguresRebuild {
    /// Answers how many clients were written.
    public static func run(_ tenant: Tenant, database: Database) async throws -> Int {
        let policy = try await SettingsService(database: database).read(CancellationSettings.self, tenant: tenant)
        var values = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).clientFigures(lateWindowHours: policy.windowHours)
        for (client, spent) in try await PaymentTotals(sql: database.sql, tenantId: tenant.id).netReceivedByClient() {
            values[client, default: ClientFigures.Values()].spent = max(spent, .zero)
        }
        return try await ClientFigures(tenant: tenant.id).rebuild(values, database: database)
    }
}
