import CRMCore
import Foundation
import Plans
import SQLKit
import Tenancy
import Settings
import Catalog
import Booking
import Messaging

/// Deposits for bookings (`payments.prepay_hold`, SPEC §3/§6). A new booking that the service's
/// own rule or the studio's deposit policy asks a deposit of starts `deposit_required`, with a
/// deposit payment chain (submitted by a `payment.start` job) and a `deposit.expire` job, all in
/// the booking's transaction. A succeeded deposit confirms the booking (`PaymentsLedger`); an
/// unpaid one expires it after the policy's minutes. With `payments.auto_refund`, cancelling a
/// booking whose deposit was paid gives the deposit back minus the cancellation fee.
public struct AppointmentDeposits: BookingDeposits {
    let payments: PaymentsService

    public init(payments: PaymentsService) { self.payments = payments }

    static let expireKind = "deposit.expire"
    static let autoRefundKind = "deposit.auto_refund"

    // MARK: Booking

    /// The deposit a new booking of `service` at `price` needs; nil when none.
    public func requirement(service: StudioService, price: Money, clientId: CustomerID, tenant: Tenant) async throws -> DepositRequirement? {
        guard tenant.plan.includes(.paymentsPrepayHold) else { return nil }
        let policy = try await payments.settings.read(DepositSettings.self, tenant: tenant)
        var amount: Money?
        if let rule = service.depositRule {
            switch rule {
            case .notRequired: amount = nil
            case .fixed(let value): amount = min(value, price)
            case .percent(let percent): amount = price.percentage(basisPoints: Int64(percent) * 100)
            }
        } else {
            let applies: Bool
            switch policy.policy {
            case .none: applies = false
            case .all: applies = true
            case .aboveAmount: applies = price > (policy.aboveAmount ?? price)
            case .newClients: applies = try await !Self.hasCompletedVisit(clientId, tenant: tenant.id, on: payments.database.sql)
            }
            if applies {
                switch policy.kind {
                case .none: amount = nil
                case .fixed: amount = policy.amount.map { min($0, price) }
                case .percent: amount = policy.percent.map { price.percentage(basisPoints: Int64($0) * 100) }
                }
            }
        }
        guard let amount, amount > .zero else { return nil }
        return DepositRequirement(
            amount: amount, channel: try await payments.chainProviders(tenant: tenant.id).first?.rawValue,
            expiresAfterMinutes: policy.expiresAfterMinutes)
    }

    static func hasCompletedVisit(_ client: CustomerID, tenant: TenantID, on sql: any SQLDatabase) async throws -> Bool {
        try await AppointmentDirectory(sql: sql, tenantId: tenant).hasCompletedVisit(client)
    }

    /// Inside the booking's transaction: the deposit chain's first attempt and the expiry.
    public func record(_ requirement: DepositRequirement, appointment: Appointment, tenant: Tenant, createdBy: UserID?, now: Date, on sql: any SQLDatabase)
        async throws -> [MutationRecord]
    {
        var records: [MutationRecord] = []
        if let channel = requirement.channel.flatMap(PaymentChannel.init(rawValue:)) {
            let attempt = PaymentsService.attempt(
                tenant: tenant.id, chain: nil, channel: channel, kind: .deposit, amount: requirement.amount, currency: tenant.currency, capture: true,
                invoiceId: nil, appointmentId: appointment.id, clientId: appointment.clientId, createdBy: createdBy, now: now)
            try await PaymentsRepository(sql: sql, tenantId: tenant.id).insert(attempt)
            try await PaymentsService.enqueueStart(attempt, now: now, delay: 0, on: sql)
            records.append(PaymentsService.record("payment.created", after: attempt))
        }
        try await Jobs.enqueue(
            NewJob(
                kind: Self.expireKind, queue: .critical,
                payload: .object(["tenantId": .string(tenant.id.description), "appointmentId": .string(appointment.id.description)]),
                tenantId: tenant.id, runAt: now.addingTimeInterval(TimeInterval(requirement.expiresAfterMinutes * 60)),
                uniqueKey: "\(Self.expireKind):\(appointment.id)"), at: now, on: sql)
        return records
    }

    /// The payer's link to the booking's deposit, when it has an online one.
    public func payURL(for appointment: AppointmentID, tenant: Tenant) async throws -> String? {
        let deposit = try await payments.repository(tenant.id).payments(ofAppointment: appointment).first { $0.kind == .deposit && $0.channel != .manual }
        return deposit.flatMap { payments.payURL($0, tenant: tenant) }
    }

    // MARK: Status changes

    /// Inside the transaction of an appointment's status change: a cancelled booking with a
    /// paid deposit gets its automatic refund job (decided when it runs).
    public func statusChanged(before: Appointment, after: Appointment, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws {
        guard after.status == .cancelled, before.status != .cancelled, after.depositStatus == .paid, tenant.plan.includes(.paymentsAutoRefund) else {
            return
        }
        try await Jobs.enqueue(
            NewJob(
                kind: Self.autoRefundKind, queue: .critical,
                payload: .object(["tenantId": .string(tenant.id.description), "appointmentId": .string(after.id.description)]), tenantId: tenant.id,
                uniqueKey: "\(Self.autoRefundKind):\(after.id)"), at: now, on: sql)
    }

    // MARK: Jobs

    public func register(in handlers: JobHandlers) {
        handlers.register(Self.expireKind) { try await expire($0) }
        handlers.register(Self.autoRefundKind) { try await autoRefund($0) }
    }

    static func target(of job: JobContext, on sql: any SQLDatabase) async throws -> (Tenant, AppointmentID) {
        guard case .object(let payload) = job.job.payload, case .string(let tenantText) = payload["tenantId"],
            case .string(let appointmentText) = payload["appointmentId"], let tenantId = TenantID(string: tenantText),
            let id = AppointmentID(string: appointmentText), let tenant = try await TenantRecords.find(tenantId, on: sql)
        else { throw PermanentJobFailure("malformed deposit job payload") }
        return (tenant, id)
    }

    /// `deposit.expire`: a booking still waiting for its deposit expires; its pending deposit
    /// attempts are set aside (a late payment is still recorded, and the operator told).
    func expire(_ job: JobContext) async throws {
        let (tenant, id) = try await Self.target(of: job, on: payments.database.sql)
        let scope = job.scope(for: tenant)
        let now = scope.clock.now()
        let transitions = payments.appointmentTransitions
        try await payments.database.mutate(by: scope.auditActor, at: now) { sql in
            guard let appointment = try await AppointmentDirectory(sql: sql, tenantId: tenant.id).appointment(id),
                appointment.status == .depositRequired, appointment.depositStatus == .required,
                let moved = try await transitions.moveIfAllowed(id, to: .expired, reason: "deposit_not_paid", scope: scope, at: now, on: sql)
            else { return ((), []) }
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            for attempt in try await repository.payments(ofAppointment: id) where attempt.kind == .deposit && attempt.status == .pending {
                var after = attempt
                after.supersededAt = now
                after.updatedAt = now
                try await repository.update(after)
            }
            return ((), moved.records)
        }
    }

    /// `deposit.auto_refund`: the deposit back, minus the cancellation fee it covers.
    func autoRefund(_ job: JobContext) async throws {
        let (tenant, id) = try await Self.target(of: job, on: payments.database.sql)
        guard tenant.plan.includes(.paymentsAutoRefund), try await payments.settings.read(PaymentSettings.self, tenant: tenant).autoRefundDeposits,
            let appointment = try await AppointmentDirectory(sql: payments.database.sql, tenantId: tenant.id).appointment(id),
            appointment.status == .cancelled
        else { return }
        let now = job.clock.now()
        var fee = appointment.cancellationFee ?? .zero
        // A deposit paid by hand is given back by hand: only online ones are refunded here.
        for deposit in try await payments.repository(tenant.id).payments(ofAppointment: id)
        where deposit.kind == .deposit && deposit.status == .succeeded && deposit.channel != .manual {
            let kept = min(fee, deposit.refundable)
            fee -= kept
            let amount = deposit.refundable - kept
            guard amount > .zero else { continue }
            let refund = try await payments.reserveRefund(
                deposit.id, amount: amount, reason: "booking cancelled", plan: tenant.plan, tenant: tenant, actor: .system(tenantId: tenant.id),
                createdBy: nil, now: now)
            _ = try await payments.submitRefund(refund.id, tenant: tenant, now: now, fromRequest: false)
        }
    }
}
