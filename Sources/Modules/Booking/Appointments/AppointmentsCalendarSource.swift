import CRMCore
import Foundation
import SQLKit

/// The appointments module's contribution to staff calendar feeds: every appointment of the
/// staff member in the window except drafts, cancelled ones included (as CANCELLED) so
/// subscribed calendars drop them.
public struct AppointmentsCalendarSource: CalendarFeedSource {
    public init() {}

    struct Row: Decodable {
        let id: UUID
        let startsAt: Date
        let endsAt: Date
        let status: String
        let notes: String?
        let serviceName: String
        let clientName: String
        let locationName: String?
        let createdAt: Date
        let updatedAt: Date
    }

    public func events(tenant: TenantID, staff: StaffID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> [CalendarEvent] {
        let rows = try await sql.raw(
            """
            SELECT a.id, a.starts_at, a.ends_at, a.status, a.notes, s.name AS service_name, c.name AS client_name,
                   l.name AS location_name, a.created_at, a.updated_at
            FROM appointments a
            JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
            JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
            LEFT JOIN locations l ON l.tenant_id = a.tenant_id AND l.id = a.location_id
            WHERE a.tenant_id = \(bind: tenant) AND a.staff_id = \(bind: staff) AND a.status <> 'draft'
              AND a.starts_at < \(bind: to) AND a.ends_at > \(bind: from)
            ORDER BY a.starts_at, a.id
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return rows.map { row in
            CalendarEvent(
                uid: "\(row.id.uuidString.lowercased())@veloria", start: row.startsAt, end: row.endsAt,
                summary: "\(row.serviceName) — \(row.clientName)",
                description: row.notes, location: row.locationName, status: Self.status(row.status), lastModified: row.updatedAt,
                // Grows with every change, which is what subscribers compare.
                sequence: max(0, Int(row.updatedAt.timeIntervalSince(row.createdAt))))
        }
    }

    static func status(_ status: String) -> CalendarEvent.Status {
        switch AppointmentStatus(rawValue: status) {
        case .pending, .depositRequired: .tentative
        case .cancelled, .expired: .cancelled
        default: .confirmed
        }
    }
}
