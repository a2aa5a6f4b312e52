import CRMCore
import Foundation
import SQLKit
import Tenancy

/// Status changes the system makes on its own inside another module's transaction: a paid
/// deposit confirms the booking, an unpaid one expires it. Same machine, same records and the
/// same reminder planning as a change made by staff.
extension AppointmentsService {
    /// Moves the appointment to `target` on `sql` (already in a transaction) when the machine
    /// allows it; answers the records to write, or nil when the move is not allowed from its
    /// current status (the caller decides whether that matters).
    public static func systemTransition(
        _ id: AppointmentID, to target: AppointmentStatus, reason: String?, tenant: Tenant, reminders: (any ReminderPlanner)?, now: Date,
        on sql: any SQLDatabase, change: (inout Appointment) -> Void = { _ in }
    ) async throws -> (appointment: Appointment, records: [MutationRecord])? {
        let repository = AppointmentsRepository(sql: sql, tenantId: tenant.id)
        try await repository.lock(id)
        guard let before = try await repository.find(id), before.status.canMove(to: target) else { return nil }
        var after = before
        after.status = target
        after.statusReason = reason
        after.updatedAt = now
        change(&after)
        try await repository.update(after)
        try await reminders?.appointmentChanged(before: before, after: after, tenant: tenant, now: now, on: sql)
        return (after, [statusRecord(before: before, after: after)])
    }

    /// Changes only the deposit and payment fields of an appointment (no status change).
    public static func updateMoneyStatus(
        _ id: AppointmentID, tenant: TenantID, now: Date, on sql: any SQLDatabase, change: (inout Appointment) -> Void
    ) async throws -> MutationRecord? {
        let repository = AppointmentsRepository(sql: sql, tenantId: tenant)
        try await repository.lock(id)
        guard let before = try await repository.find(id) else { return nil }
        var after = before
        change(&after)
        guard after != before else { return nil }
        after.updatedAt = now
        try await repository.update(after)
        let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
        return MutationRecord(
            action: "appointment.updated", entityType: "appointment", entityId: id.description, before: before.auditSnapshot,
            after: after.auditSnapshot, payload: .updatePayload(after.auditSnapshot, changed: changed))
    }
}
