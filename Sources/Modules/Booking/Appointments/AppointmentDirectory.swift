import CRMCore
import Foundation
import SQLKit

/// One appointment by id for the domains that work with bookings (invoices, payments, messages),
/// read by tenant with no record scope — the caller checks its own. Booking's repository stays
/// internal.
public struct AppointmentDirectory: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    /// `sql`: the pool, or the caller's transaction.
    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    public func appointment(_ id: AppointmentID) async throws -> Appointment? {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).find(id)
    }
}
