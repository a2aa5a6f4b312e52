import CRMCore
import Foundation
import SQLKit

/// The appointments module's contribution to staff calendar feeds: every appointment of the
/// staff member in the window except drafts, cancelled ones included (as CANCELLED) so
/// subscribed calendars drop them.
public struct AppointmentsCalendarSource: CalendarFeedSource {
    public init() {}

    public func events(tenant: TenantID, staff: StaffID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> [CalendarEvent] {
        let rows = try await AppointmentsRepository(sql: sql, tenantId: tenant).calendar(staff: staff, from: from, to: to)
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
