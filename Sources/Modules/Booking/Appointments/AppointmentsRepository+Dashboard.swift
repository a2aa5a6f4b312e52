import CRMCore
import Foundation
import SQLKit

/// An appointment as a day's overview shows it: times, status, who and what.
public struct DayAppointment: Sendable, Decodable {
    public let id: AppointmentID
    public let staffId: StaffID
    public let clientId: CustomerID
    public let startsAt: Date
    public let endsAt: Date
    public let status: String
    public let clientName: String
    public let serviceName: String
}

extension AppointmentsRepository {
    /// Every appointment starting in `[from, to)` except drafts, with the client's and service's
    /// names, by start; only `staff`'s when given.
    func overview(from: Date, to: Date, staff: StaffID?) async throws -> [DayAppointment] {
        var query: SQLQueryString = """
            SELECT a.id, a.staff_id, a.client_id, a.starts_at, a.ends_at, a.status, c.name AS client_name, s.name AS service_name
            FROM appointments a
            JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
            JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
            WHERE a.tenant_id = \(bind: tenantId) AND a.status <> 'draft' AND a.starts_at >= \(bind: from) AND a.starts_at < \(bind: to)
            """
        if let staff { query = query + " AND a.staff_id = \(bind: staff)" }
        query = query + " ORDER BY a.starts_at, a.id"
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
    /// The appointments starting in `[from, to)` with names; only `staff`'s when given (a
    /// specialist's own).
    public func overview(from: Date, to: Date, staff: StaffID?) async throws -> [DayAppointment] {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).overview(from: from, to: to, staff: staff)
    }

    /// Appointments booked (holding or completed) starting in `[from, to)` and their minutes.
    public func booked(from: Date, to: Date, staff: StaffID?) async throws -> (count: Int, minutes: Int) {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).booked(from: from, to: to, staff: staff)
    }
}
