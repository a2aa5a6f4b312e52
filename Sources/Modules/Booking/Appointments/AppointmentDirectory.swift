import CRMCore
import Foundation
import SQLKit
import Catalog

/// One appointment by id for the domains that work with bookings (invoices, payments, messages),
/// read by tenant with no record scope — the caller checks its own; and the little a booking's
/// messages and deposits read besides. Booking's repository stays internal.
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

    /// The name of a booked service (a message template's `{service}`), read through Catalog.
    public func serviceName(_ id: ServiceID) async throws -> String? {
        try await CatalogDirectory(sql: sql, tenantId: tenantId).serviceName(id)
    }

    /// Whether `client` has a completed appointment (a deposit policy's "new clients").
    public func hasCompletedVisit(_ client: CustomerID) async throws -> Bool {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).hasCompletedVisit(client)
    }

    /// The client's next appointments in `statuses` starting after `after`, soonest first (the
    /// bot's "my appointments").
    public func upcoming(of client: CustomerID, after: Date, statuses: [AppointmentStatus], limit: Int) async throws -> [Appointment] {
        let filter = AppointmentsRepository.Filter(from: after, clientId: client, statuses: statuses)
        return try await AppointmentsRepository(sql: sql, tenantId: tenantId).list(filter, page: PageRequest(limit: limit)).items
            .filter { $0.startsAt > after }
    }

    /// One staff member's appointments overlapping `[from, to)`, by start (the Mini App's day).
    public func day(of staff: StaffID, from: Date, to: Date) async throws -> [Appointment] {
        let filter = AppointmentsRepository.Filter(from: from, to: to, staffIds: [staff])
        return try await AppointmentsRepository(sql: sql, tenantId: tenantId).list(filter, page: PageRequest(limit: PageRequest.maxLimit)).items
    }
}
