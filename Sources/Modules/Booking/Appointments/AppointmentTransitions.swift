import CRMCore
import Foundation
import SQLKit
import Settings
import Tenancy
import Clients
import Catalog

/// The one path of the appointment's status machine (SPEC §4) and of its money fields, for every
/// caller: the status routes (`AppointmentsService.transition`, which opens the transaction and
/// holds the slot), a paid deposit confirming the booking inside the payment's transaction, the
/// deposit expiry job. Each step — lock, re-read, machine check, slot check, write, reminders,
/// deposits — exists once, here.
public struct AppointmentTransitions: Sendable {
    let reminders: (any ReminderPlanner)?
    let deposits: (any BookingDeposits)?

    public init(reminders: (any ReminderPlanner)?, deposits: (any BookingDeposits)?) {
        self.reminders = reminders
        self.deposits = deposits
    }

    /// Moves `id` to `target` on `sql`, a transaction the caller opened and commits with the
    /// answered records (the audit entry and `appointment.status_changed`). Anything the machine
    /// does not allow is `409 invalid_transition`, before anything is written. `change` adjusts
    /// other fields in the same write (a paid deposit); cancelling under `policy` records the fee;
    /// `policy` (read by the route for cancellations and no-shows) also decides what becomes of a
    /// package visit the booking took; a move back into a time-holding status checks the slot again.
    public func move(
        _ id: AppointmentID, to target: AppointmentStatus, reason: String?, cancellation policy: CancellationSettings? = nil, scope: TenantScope,
        at now: Date, on sql: any SQLDatabase, change: (inout Appointment) -> Void = { _ in }
    ) async throws -> (appointment: Appointment, records: [MutationRecord]) {
        let repository = AppointmentsRepository(sql: sql, tenantId: scope.tenantId)
        try await repository.lock(id)
        guard let before = try await repository.find(id) else { throw AppError.notFound() }
        guard before.status.canMove(to: target) else { throw AppointmentsService.invalidTransition(from: before.status, to: target) }
        var after = before
        after.status = target
        after.statusReason = reason
        after.updatedAt = now
        if let policy, target == .cancelled {
            after.cancellationFee = AppointmentsService.cancellationFee(for: before, policy: policy, now: now)
        }
        change(&after)
        if !before.status.holdsTime { try await AppointmentsService.ensureFree(after, in: repository, timeZone: scope.timeZone) }
        try await repository.update(after)
        try await Self.keepFigures(before: before, after: after, policy: policy, scope: scope, now: now, on: sql)
        try await reminders?.appointmentChanged(before: before, after: after, tenant: scope.tenant, now: now, on: sql)
        try await deposits?.statusChanged(before: before, after: after, tenant: scope.tenant, now: now, on: sql)
        let visitRecords = try await Self.settlePackageVisit(before: before, after: after, policy: policy, scope: scope, now: now, on: sql)
        return (after, [AppointmentsService.statusRecord(before: before, after: after)] + visitRecords)
    }

    /// The client's figures follow the close of the visit in the same transaction: a completed
    /// visit counts (and moves the last visit), a no-show counts, and so does a cancellation
    /// inside the studio's cancellation window (`policy`, read by the cancelling route).
    static func keepFigures(
        before: Appointment, after: Appointment, policy: CancellationSettings?, scope: TenantScope, now: Date, on sql: any SQLDatabase
    ) async throws {
        let figures = ClientFigures(tenant: scope.tenantId)
        switch after.status {
        case .completed: try await figures.visitCompleted(after.clientId, startedAt: after.startsAt, on: sql)
        case .noShow: try await figures.noShow(after.clientId, on: sql)
        case .cancelled where isLateCancellation(of: before, policy: policy, now: now):
            try await figures.lateCancellation(after.clientId, on: sql)
        default: break
        }
    }

    /// The package visit the booking took follows its close: a completed visit uses it, an
    /// expired or in-time cancelled booking gives it back, and a late cancellation or a no-show
    /// gives it back or forfeits it as the studio's policy says (defaults when none was read).
    static func settlePackageVisit(
        before: Appointment, after: Appointment, policy: CancellationSettings?, scope: TenantScope, now: Date, on sql: any SQLDatabase
    ) async throws -> [MutationRecord] {
        guard after.clientPackageId != nil, after.status.isTerminal else { return [] }
        let outcome: PackageVisitState
        switch after.status {
        case .completed: outcome = .used
        case .noShow: outcome = (policy ?? .defaults).packageVisitOnNoShow == .forfeit ? .forfeited : .returned
        case .cancelled where isLateCancellation(of: before, policy: policy, now: now):
            outcome = policy?.packageVisitOnLateCancel == .giveBack ? .returned : .forfeited
        default: outcome = .returned
        }
        return try await PackageVisits(tenant: scope.tenantId).settle(appointment: after.id, as: outcome, now: now, on: sql)
    }

    /// Cancelled less than the policy's window before the start (no window: never late).
    static func isLateCancellation(of appointment: Appointment, policy: CancellationSettings?, now: Date) -> Bool {
        guard let policy, policy.windowHours > 0 else { return false }
        return appointment.startsAt.timeIntervalSince(now) < TimeInterval(policy.windowHours * 3600)
    }

    /// `move`, for the studio's machinery reacting to something that already happened (money
    /// arrived, a deadline passed): nil when the machine no longer allows the move, because the
    /// appointment changed since the caller looked. Nothing is written then.
    public func moveIfAllowed(
        _ id: AppointmentID, to target: AppointmentStatus, reason: String?, scope: TenantScope, at now: Date, on sql: any SQLDatabase,
        change: (inout Appointment) -> Void = { _ in }
    ) async throws -> (appointment: Appointment, records: [MutationRecord])? {
        do {
            return try await move(id, to: target, reason: reason, scope: scope, at: now, on: sql, change: change)
        } catch let error as AppError where error.code == "invalid_transition" {
            return nil
        }
    }

    /// Changes only the deposit and payment fields of an appointment (never its status), on the
    /// caller's transaction; nil when nothing changed or the appointment is gone.
    public func updateMoney(_ id: AppointmentID, scope: TenantScope, at now: Date, on sql: any SQLDatabase, change: (inout Appointment) -> Void)
        async throws -> MutationRecord?
    {
        let repository = AppointmentsRepository(sql: sql, tenantId: scope.tenantId)
        try await repository.lock(id)
        guard let before = try await repository.find(id) else { return nil }
        var asked = before
        change(&asked)
        var after = before
        after.depositStatus = asked.depositStatus
        after.paymentStatus = asked.paymentStatus
        guard after != before else { return nil }
        after.updatedAt = now
        try await repository.update(after)
        let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
        return MutationRecord(
            action: "appointment.updated", entityType: "appointment", entityId: id.description, before: before.auditSnapshot,
            after: after.auditSnapshot, payload: .updatePayload(after.auditSnapshot, changed: changed))
    }
}
