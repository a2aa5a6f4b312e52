import CRMCore
import Foundation
import Tenancy

/// "No double booking, ever" (SPEC §4). A time-holding appointment keeps its staff member and its
/// room over `[startsAt, holdsUntil)`. Every write that takes time (booking, reschedule, a move
/// back into a holding status) checks for an overlap inside its transaction and then writes:
///
/// - SQLite: `Database.transaction` opens with `BEGIN IMMEDIATE`, so the check and the write run
///   under the database's single write lock and no other writer can slip in between;
/// - PostgreSQL: two writers may both pass the check, so the exclusion constraints
///   `appointments_staff_no_overlap` / `appointments_room_no_overlap` decide, and the loser's
///   `23P01` becomes the same `409 slot_taken`.
extension AppointmentsService {
    /// Throws `slot_taken` when another holding appointment overlaps `appointment`'s hold.
    static func ensureFree(_ appointment: Appointment, in repository: AppointmentsRepository, timeZone: TimeZone) async throws {
        guard appointment.status.holdsTime else { return }
        if let conflict = try await repository.conflict(
            staffId: appointment.staffId, roomId: appointment.roomId, start: appointment.startsAt, holdsUntil: appointment.holdsUntil,
            excluding: appointment.id)
        {
            throw slotTaken(conflict, timeZone: timeZone)
        }
    }

    /// Runs `write`, turning a PostgreSQL exclusion violation into `409 slot_taken` naming the
    /// time that won (read after the rollback).
    func holdingSlot<T>(_ appointment: Appointment, scope: TenantScope, _ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch let error where ExclusionViolation.constraint(of: error) != nil {
            let conflict = try await repository(scope).conflict(
                staffId: appointment.staffId, roomId: appointment.roomId, start: appointment.startsAt, holdsUntil: appointment.holdsUntil,
                excluding: appointment.id)
            throw Self.slotTaken(conflict, timeZone: scope.timeZone)
        }
    }

    /// `409 slot_taken` with the other appointment's time in the tenant's zone — never its client.
    static func slotTaken(_ conflict: Conflict?, timeZone: TimeZone) -> AppError {
        guard let conflict else { return AppError.conflict("slot_taken") }
        return AppError.conflict(
            "slot_taken",
            details: [
                "resource": .string(conflict.resource.rawValue), "startsAt": .string(TenantTime.formatISO(conflict.startsAt, in: timeZone)),
                "endsAt": .string(TenantTime.formatISO(conflict.endsAt, in: timeZone)),
                "heldUntil": .string(TenantTime.formatISO(conflict.holdsUntil, in: timeZone)),
            ])
    }
}
