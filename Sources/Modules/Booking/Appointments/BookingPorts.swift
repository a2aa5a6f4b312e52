import CRMCore
import Catalog
import Foundation
import SQLKit
import Tenancy

/// What bookings ask of messaging: reminders follow every appointment change, inside the
/// change's transaction (planned, moved, dropped). Declared here, implemented by messaging's
/// `AppointmentReminders`, wired at the composition root.
public protocol ReminderPlanner: Sendable {
    func appointmentChanged(before: Appointment, after: Appointment, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws
}

/// The deposit a new booking needs (SPEC §3 deposit policy).
public struct DepositRequirement: Sendable, Equatable {
    public let amount: Money
    /// The payment channel the deposit's chain starts at, as billing names it; nil when the
    /// studio has none connected (the deposit can then only be paid by hand).
    public let channel: String?
    public let expiresAfterMinutes: Int

    public init(amount: Money, channel: String?, expiresAfterMinutes: Int) {
        self.amount = amount
        self.channel = channel
        self.expiresAfterMinutes = expiresAfterMinutes
    }
}

/// What bookings ask of billing about deposits. Declared here, implemented by billing's
/// `AppointmentDeposits`, wired at the composition root.
public protocol BookingDeposits: Sendable {
    /// The deposit a new booking of `service` at `price` needs; nil when none.
    func requirement(service: StudioService, price: Money, clientId: CustomerID, tenant: Tenant) async throws -> DepositRequirement?

    /// Inside the booking's transaction: whatever the deposit needs (its payment, its expiry).
    func record(_ requirement: DepositRequirement, appointment: Appointment, tenant: Tenant, createdBy: UserID?, now: Date, on sql: any SQLDatabase)
        async throws -> [MutationRecord]

    /// The payer's link to the booking's deposit, when it has an online one.
    func payURL(for appointment: AppointmentID, tenant: Tenant) async throws -> String?

    /// Inside the transaction of an appointment's status change (a cancelled paid deposit is refunded).
    func statusChanged(before: Appointment, after: Appointment, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws
}
