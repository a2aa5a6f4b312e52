import CRMCore
import Foundation
import SQLKit
import Booking

/// The `appointment_reminders` rows of one tenant (`AppointmentReminders`). Status changes are
/// conditional on the status they leave, so a reminder moves once.
struct AppointmentRemindersRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func insert(
        _ id: ReminderID, appointment: Appointment, offsetMinutes offset: Int, dueAt due: Date, status: String, jobId: UUID?, detail: String?,
        now: Date
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO appointment_reminders (tenant_id, id, appointment_id, offset_minutes, starts_at, due_at, status, job_id, detail,
                                               created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: id), \(bind: appointment.id), \(bind: offset), \(bind: appointment.startsAt), \(bind: due),
                    \(bind: status), \(bind: jobId), \(bind: detail),
                    \(bind: now), \(bind: now))
            """
        ).run()
    }

    /// Cancels the appointment's scheduled reminders; answers their jobs.
    func cancelScheduled(of appointment: AppointmentID, now: Date) async throws -> [UUID] {
        struct Row: Decodable { let jobId: UUID? }
        let rows = try await sql.raw(
            """
            UPDATE appointment_reminders SET status = 'cancelled', updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND appointment_id = \(bind: appointment) AND status = 'scheduled'
            RETURNING job_id
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return rows.compactMap(\.jobId)
    }

    func find(_ id: ReminderID) async throws -> AppointmentReminders.Reminder? {
        try await sql.raw(
            """
            SELECT id, appointment_id, offset_minutes, starts_at, due_at, status, message_id FROM appointment_reminders
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).first(decoding: AppointmentReminders.Reminder.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// A scheduled reminder ends without a message (`cancelled` or `skipped`).
    func close(_ id: ReminderID, status: String, detail: String, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE appointment_reminders SET status = \(bind: status), detail = \(bind: detail), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND status = 'scheduled'
            """
        ).run()
    }

    /// Whether the scheduled reminder moved to `queued` with its message.
    func queue(_ id: ReminderID, message: MessageID, now: Date) async throws -> Bool {
        let moved = try await sql.raw(
            """
            UPDATE appointment_reminders SET status = 'queued', message_id = \(bind: message), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND status = 'scheduled'
            RETURNING id
            """
        ).all()
        return !moved.isEmpty
    }

    /// Whether the scheduled reminder moved to `failed` (no channel could reach the client).
    func failScheduled(_ id: ReminderID, detail: String, now: Date) async throws -> Bool {
        let moved = try await sql.raw(
            """
            UPDATE appointment_reminders SET status = 'failed', detail = \(bind: detail), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND status = 'scheduled'
            RETURNING id
            """
        ).all()
        return !moved.isEmpty
    }

    /// The queued reminders whose message chain starts at `message`, now `failed`.
    func failQueued(message: MessageID, detail: String?, now: Date) async throws -> [ReminderID] {
        struct Row: Decodable { let id: ReminderID }
        return try await sql.raw(
            """
            UPDATE appointment_reminders SET status = 'failed', detail = \(bind: detail), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND message_id = \(bind: message) AND status = 'queued'
            RETURNING id
            """
        ).all(decoding: Row.self).map(\.id)
    }
}
