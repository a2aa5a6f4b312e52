import CRMCore
import Foundation
import SQLKit

/// An appointment as a day's overview shows it: times, status, who and what (the names are
/// the caller's to read from Clients and Catalog).
public struct DayAppointment: Sendable, Decodable {
    public let id: AppointmentID
    public let staffId: StaffID
    public let clientId: CustomerID
    public let serviceId: ServiceID
    public let startsAt: Date
    public let endsAt: Date
    public let status: String
}

extension AppointmentsRepository {
    /// Every appointment starting in `[from, to)` except drafts, by start; only `staff`'s when given.
    func overview(from: Date, to: Date, staff: StaffID?) async throws -> [DayAppointment] {
        var query: SQLQueryString = """
            SELECT id, staff_id, client_id, service_id, starts_at, ends_at, status FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND status <> 'draft' AND starts_at >= \(bind: from) AND starts_at < \(bind: to)
            """
        if let staff { query = query + " AND staff_id = \(bind: staff)" }
        query = query + " ORDER BY starts_at, id"
        return try await sql.raw(query).all(decoding: DayAppointment.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// How many appointments that hold or held time (booked, in progress, completed) start in
    /// `[from, to)`, and their minutes of service (breaks left out).
    func booked(from: Date, to: Date, staff: StaffID?) async throws -> (count: Int, minutes: Int) {
        var query: SQLQueryString = """
            SELECT COUNT(*) AS n, COALESCE(SUM(duration_minutes), 0) AS minutes FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND starts_at >= \(bind: from) AND starts_at < \(bind: to)
              AND status IN ('pending', 'deposit_required', 'confirmed', 'in_progress', 'completed')
            """
        if let staff { query = query + " AND staff_id = \(bind: staff)" }
        let row = try await sql.raw(query).first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "minutes", as: Int.self) ?? 0)
    }
}

extension AppointmentDirectory {
    /// The appointments starting in `[from, to)`; only `staff`'s when given (a specialist's own).
    public func overview(from: Date, to: Date, staff: StaffID?) async throws -> [DayAppointment] {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).overview(from: from, to: to, staff: staff)
    }

    /// Appointments booked (holding or completed) starting in `[from, to)` and their minutes.
    public func booked(from: Date, to: Date, staff: StaffID?) async throws -> (count: Int, minutes: Int) {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).booked(from: from, to: to, staff: staff)
    }
}
