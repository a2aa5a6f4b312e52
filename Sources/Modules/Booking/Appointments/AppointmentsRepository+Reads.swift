import CRMCore
import Foundation
import SQLKit
import Tenancy
import Catalog
import Clients

/// The reads of appointments that serve other parts of the studio: a specialist's client scope,
/// the slot engine's holds, the calendar feed, the client history and the deposit policy.
extension AppointmentsRepository {
    // MARK: A specialist's client scope (`AppointmentClientScope`)

    /// `clients.id IN (clients with an appointment with the staff record linked to user)`, for a
    /// query over `clients`.
    static func clientsSeenBy(_ user: UserID, tenantId: TenantID) -> SQLQueryString {
        """
        clients.id IN (SELECT a.client_id FROM appointments a
                       JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
                       WHERE a.tenant_id = \(bind: tenantId) AND s.user_id = \(bind: user))
        """
    }

    /// Whether `client` has an appointment with the staff record linked to `user`.
    func hasAppointment(client: CustomerID, seenBy user: UserID) async throws -> Bool {
        try await sql.raw(
            """
            SELECT 1 AS found FROM appointments a JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
            WHERE a.tenant_id = \(bind: tenantId) AND a.client_id = \(bind: client) AND s.user_id = \(bind: user)
            LIMIT 1
            """
        ).first() != nil
    }

    // MARK: The slot engine's holds (`AppointmentsTimeHolds`)

    struct HoldRow: Decodable {
        let staffId: StaffID
        let roomId: RoomID?
        let startsAt: Date
        let endsAt: Date
        let holdsUntil: Date
    }

    /// Appointments in a time-holding status overlapping `interval` for any of `staffIds` or
    /// `roomIds` (at least one of them not empty).
    func holds(staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [HoldRow] {
        var owners: [SQLQueryString] = []
        if !staffIds.isEmpty { owners.append("staff_id IN \(SQLBind.group(staffIds))") }
        if !roomIds.isEmpty { owners.append("room_id IN \(SQLBind.group(roomIds))") }
        return try await sql.raw(
            """
            SELECT staff_id, room_id, starts_at, ends_at, holds_until FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND status IN \(SQLBind.group(AppointmentStatus.holding.map(\.rawValue)))
              AND starts_at < \(bind: interval.end) AND holds_until > \(bind: interval.start)
              AND (
            """ + owners.joined(separator: " OR ") + ")"
        ).all(decoding: HoldRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: Calendar feeds (`AppointmentsCalendarSource`)

    struct CalendarRow: Decodable {
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

    /// Every appointment of `staff` overlapping `[from, to)` except drafts, with the names a
    /// calendar event shows.
    func calendar(staff: StaffID, from: Date, to: Date) async throws -> [CalendarRow] {
        try await sql.raw(
            """
            SELECT a.id, a.starts_at, a.ends_at, a.status, a.notes, s.name AS service_name, c.name AS client_name,
                   l.name AS location_name, a.created_at, a.updated_at
            FROM appointments a
            JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
            JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
            LEFT JOIN locations l ON l.tenant_id = a.tenant_id AND l.id = a.location_id
            WHERE a.tenant_id = \(bind: tenantId) AND a.staff_id = \(bind: staff) AND a.status <> 'draft'
              AND a.starts_at < \(bind: to) AND a.ends_at > \(bind: from)
            ORDER BY a.starts_at, a.id
            """
        ).all(decoding: CalendarRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: A client's history (`AppointmentsTimelineSource`)

    struct TimelineRow: Decodable {
        let id: UUID
        let startsAt: Date
        let endsAt: Date
        let status: String
        let priceMinor: Int64
        let serviceId: UUID
        let serviceName: String
        let staffId: UUID
        let staffName: String
    }

    /// The client's appointments newest first, strictly after `position` (of entries of `kind`),
    /// inside `scope`, at most `limit`.
    func timeline(of client: CustomerID, scope: RecordScope, kind: String, after position: TimelinePosition?, limit: Int) async throws
        -> [TimelineRow]
    {
        var query: SQLQueryString = """
            SELECT a.id, a.starts_at, a.ends_at, a.status, a.price_minor, a.service_id, sv.name AS service_name, a.staff_id,
                   st.name AS staff_name
            FROM appointments a
            JOIN services sv ON sv.tenant_id = a.tenant_id AND sv.id = a.service_id
            JOIN staff st ON st.tenant_id = a.tenant_id AND st.id = a.staff_id
            WHERE a.tenant_id = \(bind: tenantId) AND a.client_id = \(bind: client)
            """
        if case .ownedBy(let user) = scope { query = query + " AND st.user_id = \(bind: user)" }
        if let position { query = query + " AND " + position.before(kind: kind, time: "a.starts_at", id: "a.id") }
        query = query + " ORDER BY a.starts_at DESC, a.id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: The deposit policy's "new clients" (`AppointmentDirectory`)

    /// Whether `client` has a completed appointment.
    func hasCompletedVisit(_ client: CustomerID) async throws -> Bool {
        try await !sql.raw(
            "SELECT id FROM appointments WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client) AND status = 'completed' LIMIT 1"
        ).all().isEmpty
    }
}
