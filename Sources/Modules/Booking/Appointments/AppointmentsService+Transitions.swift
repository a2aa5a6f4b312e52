import CRMCore
import Foundation
import Tenancy
import Settings
import Catalog

/// Status changes and reschedules. A status change follows exactly the machine of SPEC §4
/// (`AppointmentStatus.canMove`); anything else is `409 invalid_transition` with `from` and `to`.
extension AppointmentsService {
    /// Moves the appointment to `target`, in one transaction with its audit entry and the
    /// `appointment.status_changed` event. Cancelling inside the tenant's cancellation window
    /// records the fee on the appointment.
    func transition(_ id: AppointmentID, to target: AppointmentStatus, reason: String?, scope: TenantScope) async throws
        -> Appointment
    {
        let current = try await appointment(id, scope)
        var policy: CancellationSettings?
        if target == .cancelled || target == .noShow { policy = try await settings.read(CancellationSettings.self, tenant: scope.tenant) }
        let now = scope.clock.now()
        let frozenPolicy = policy
        return try await holdingSlot(current, scope: scope) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                try await transitions.move(id, to: target, reason: reason, cancellation: frozenPolicy, scope: scope, at: now, on: sql)
            }
        }
    }

    static func invalidTransition(from: AppointmentStatus, to: AppointmentStatus) -> AppError {
        AppError.invalidTransition(from: from.rawValue, to: to.rawValue)
    }

    /// The fee for cancelling `appointment` at `now`: none outside the window (more than
    /// `windowHours` before the start) or when the policy has none; otherwise the fixed amount
    /// (never more than the price) or the percentage of the price.
    static func cancellationFee(for appointment: Appointment, policy: CancellationSettings, now: Date) -> Money? {
        guard policy.windowHours > 0, appointment.startsAt.timeIntervalSince(now) < TimeInterval(policy.windowHours * 3600) else { return nil }
        switch policy.feeKind {
        case .none: return nil
        case .fixed: return policy.feeAmount.map { min($0, appointment.price) }
        case .percent: return policy.feePercent.map { appointment.price.percentage(basisPoints: Int64($0) * 100) }
        }
    }

    static func statusRecord(before: Appointment, after: Appointment) -> MutationRecord {
        MutationRecord(
            action: "appointment.status_changed", entityType: "appointment", entityId: after.id.description, before: before.auditSnapshot,
            after: after.auditSnapshot,
            payload: .object([
                "id": .string(after.id.description), "from": .string(before.status.rawValue), "to": .string(after.status.rawValue),
                "reason": after.statusReason.map(JSONValue.string) ?? .null, "staffId": .string(after.staffId.description),
                "roomId": after.roomId.map { .string($0.description) } ?? .null, "clientId": .string(after.clientId.description),
                "startsAt": .string(Appointment.instant(after.startsAt)), "holdsUntil": .string(Appointment.instant(after.holdsUntil)),
                "cancellationFee": after.cancellationFee.map { .string($0.description) } ?? .null,
            ]))
    }

    // MARK: Reschedule

    /// Statuses whose appointment may still move: it has not started and is not closed.
    static let reschedulable: Set<AppointmentStatus> = [.draft, .pending, .depositRequired, .confirmed]

    /// Moves the appointment to a new start (and optionally another staff member or room),
    /// keeping its id, duration and break; the slot is checked again as for a new booking.
    func reschedule(_ id: AppointmentID, _ input: AppointmentInput, scope: TenantScope) async throws -> Appointment {
        let current = try await appointment(id, scope)
        guard Self.reschedulable.contains(current.status) else {
            throw AppError.conflict("not_reschedulable", details: ["status": .string(current.status.rawValue)])
        }
        var problems = input.problems
        let now = scope.clock.now()
        let visible = try await AppointmentScope.of(scope, database: database)
        let rules = rules(scope)
        let staffId = input.staffId.value ?? current.staffId
        let staff = try await rules.staff(staffId, scope: visible, into: &problems)
        var ignored: [String: String] = [:]
        let service = try await rules.service(current.serviceId, allowInactive: true, into: &ignored)
        if staffId != current.staffId { AppointmentRules.performs(staff, service, into: &problems) }
        let roomId = input.roomId.isAbsent ? current.roomId : input.roomId.value
        let room = try await roomId.asyncMap { try await rules.room($0, service: service, staff: staff, into: &problems) } ?? nil
        if let start = input.startsAt.value { AppointmentRules.start(start, now: now, timeZone: scope.timeZone, into: &problems) }
        // A visit a package covers must stay inside the package's validity.
        if let start = input.startsAt.value, let packageId = current.clientPackageId,
            let package = try await PackageVisits(tenant: scope.tenantId).package(packageId, of: current.clientId, on: database.sql),
            package.isExpired(at: start)
        {
            problems["startsAt"] = "after_package_expiry"
        }
        guard problems.isEmpty, let staff, let start = input.startsAt.value else { throw AppError.validation(problems) }
        var target = current
        target.staffId = staff.id
        target.locationId = staff.locationId
        target.roomId = room?.id
        target.move(to: start)
        let planned = target
        return try await holdingSlot(planned, scope: scope) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = repository(scope).on(sql)
                try await repository.lock(id)
                guard let before = try await repository.find(id) else { throw AppError.notFound() }
                guard Self.reschedulable.contains(before.status) else {
                    throw AppError.conflict("not_reschedulable", details: ["status": .string(before.status.rawValue)])
                }
                var after = before
                after.staffId = planned.staffId
                after.locationId = planned.locationId
                after.roomId = planned.roomId
                after.move(to: planned.startsAt)
                guard after != before else { return (before, []) }
                after.updatedAt = now
                try await Self.ensureFree(after, in: repository, timeZone: scope.timeZone)
                try await repository.update(after)
                try await reminders?.appointmentChanged(before: before, after: after, tenant: scope.tenant, now: now, on: sql)
                return (after, [Self.rescheduleRecord(before: before, after: after)])
            }
        }
    }

    static func rescheduleRecord(before: Appointment, after: Appointment) -> MutationRecord {
        MutationRecord(
            action: "appointment.rescheduled", entityType: "appointment", entityId: after.id.description, before: before.auditSnapshot,
            after: after.auditSnapshot,
            payload: .object([
                "id": .string(after.id.description), "status": .string(after.status.rawValue),
                "previousStartsAt": .string(Appointment.instant(before.startsAt)), "startsAt": .string(Appointment.instant(after.startsAt)),
                "previousHoldsUntil": .string(Appointment.instant(before.holdsUntil)),
                "holdsUntil": .string(Appointment.instant(after.holdsUntil)), "previousStaffId": .string(before.staffId.description),
                "staffId": .string(after.staffId.description), "previousRoomId": before.roomId.map { .string($0.description) } ?? .null,
                "roomId": after.roomId.map { .string($0.description) } ?? .null,
            ]))
    }
}
