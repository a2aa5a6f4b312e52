import CRMCore
import Foundation
import Settings
import Tenancy

/// What a client may do with their own booking from outside the studio (a signed manage link,
/// the bot): the same status machine, slot check and fees as at the desk, with the client as
/// the actor. Which booking is theirs is the caller's to prove (the link's signature).
extension AppointmentsService {
    /// The studio's cancellation rules as they stand.
    public func cancellationPolicy(_ scope: TenantScope) async throws -> CancellationSettings {
        try await settings.read(CancellationSettings.self, tenant: scope.tenant)
    }

    /// The fee cancelling `appointment` at `now` under `policy` would cost (nil: none).
    public func cancellationFee(of appointment: Appointment, policy: CancellationSettings, now: Date) -> Money? {
        Self.cancellationFee(for: appointment, policy: policy, now: now)
    }

    public func cancel(_ id: AppointmentID, reason: String?, scope: TenantScope) async throws -> Appointment {
        try await transition(id, to: .cancelled, reason: reason, scope: scope)
    }

    /// Moves the booking to `start` with the same staff member and room.
    public func move(_ id: AppointmentID, to start: Date, scope: TenantScope) async throws -> Appointment {
        let input = AppointmentInput(
            clientId: .absent, serviceId: .absent, staffId: .absent, roomId: .absent, startsAt: .value(start), price: .absent, notes: .absent,
            source: .absent)
        return try await reschedule(id, input, scope: scope)
    }

    /// The payer's link to the booking's deposit, while one is due.
    public func depositPayURL(for id: AppointmentID, tenant: Tenant) async throws -> String? {
        try await deposits?.payURL(for: id, tenant: tenant)
    }
}
