import CRMCore
import Foundation
import SQLKit
import Tenancy
import Operations
import Booking
import Messaging
import Clients

/// What money that arrived or went back does to the invoice and the booking it belongs to, in
/// the transaction that records it (SPEC §6: invoice `partially_paid` / `paid` / `refunded`,
/// the appointment's `depositStatus` and `paymentStatus`).
enum PaymentsLedger {
    /// The studio's machinery acting on the booking because money moved (`cause`), at the time
    /// of the transaction that records it.
    static func scope(_ tenant: Tenant, cause: Payment, now: Date) -> TenantScope {
        TenantScope(tenant: tenant, actor: .system(job: "payments.ledger"), clock: FixedClock(now), correlationId: cause.id.description)
    }

    /// `payment` has just succeeded.
    static func received(_ payment: Payment, tenant: Tenant, transitions: AppointmentTransitions, now: Date, on sql: any SQLDatabase)
        async throws -> [MutationRecord]
    {
        var records: [MutationRecord] = []
        if payment.kind == .topUp {
            // Money kept for later is not spent yet: it counts when the wallet pays for something.
            return [
                try await WalletLedger.move(
                    payment.clientId, by: payment.amount, kind: .topUp, payment: payment, createdBy: payment.createdBy, tenant: tenant, now: now,
                    on: sql)
            ]
        }
        // What the client spent follows the money in the same transaction (refunds take it back).
        try await ClientFigures(tenant: tenant.id).spent(payment.clientId, payment.amount, on: sql)
        if let invoiceId = payment.invoiceId {
            records += try await apply(
                to: invoiceId, paid: payment.amount, refunded: .zero, cause: payment, tenant: tenant, transitions: transitions, now: now, on: sql)
        }
        if payment.kind == .deposit, let appointmentId = payment.appointmentId {
            records += try await depositPaid(appointmentId, payment: payment, tenant: tenant, transitions: transitions, now: now, on: sql)
        }
        return records
    }

    /// `refund` (a refund row of `parent`) has just succeeded.
    static func refunded(
        _ refund: Payment, parent: Payment, tenant: Tenant, transitions: AppointmentTransitions, now: Date, on sql: any SQLDatabase
    ) async throws -> [MutationRecord] {
        var records: [MutationRecord] = []
        // A top-up's refund took its money off the wallet when it was asked for (`reserveRefund`).
        guard parent.kind != .topUp else { return [] }
        try await ClientFigures(tenant: tenant.id).spent(parent.clientId, -refund.amount, on: sql)
        if refund.channel == .wallet {
            records.append(
                try await WalletLedger.move(
                    parent.clientId, by: refund.amount, kind: .refund, payment: refund, comment: refund.comment, createdBy: refund.createdBy,
                    tenant: tenant, now: now, on: sql))
        }
        if let invoiceId = parent.invoiceId {
            records += try await apply(
                to: invoiceId, paid: .zero, refunded: refund.amount, cause: refund, tenant: tenant, transitions: transitions, now: now, on: sql)
        }
        if parent.kind == .deposit, let appointmentId = parent.appointmentId, parent.refunded >= parent.amount {
            if let record = try await transitions.updateMoney(
                appointmentId, scope: scope(tenant, cause: refund, now: now), at: now, on: sql, change: { $0.depositStatus = .refunded })
            {
                records.append(record)
            }
        }
        return records
    }

    /// A paid deposit confirms a booking that waited for it; on a booking that already closed
    /// (expired, cancelled) the money is still recorded and the operator is asked to act.
    static func depositPaid(
        _ id: AppointmentID, payment: Payment, tenant: Tenant, transitions: AppointmentTransitions, now: Date, on sql: any SQLDatabase
    ) async throws -> [MutationRecord] {
        guard let appointment = try await AppointmentDirectory(sql: sql, tenantId: tenant.id).appointment(id) else { return [] }
        let scope = scope(tenant, cause: payment, now: now)
        if appointment.status == .depositRequired,
            let moved = try await transitions.moveIfAllowed(
                id, to: .confirmed, reason: "deposit_paid", scope: scope, at: now, on: sql, change: { $0.depositStatus = .paid })
        {
            return moved.records
        }
        var records: [MutationRecord] = []
        if let record = try await transitions.updateMoney(id, scope: scope, at: now, on: sql, change: { $0.depositStatus = .paid }) {
            records.append(record)
        }
        if appointment.status.isTerminal {
            records.append(
                try await OperatorExceptions.open(
                    kind: "deposit_after_close", severity: .high, entityType: "payment", entityId: payment.id.description,
                    title: "Deposit paid after the booking closed",
                    details: .object([
                        "appointmentId": .string(id.description), "appointmentStatus": .string(appointment.status.rawValue),
                        "amount": .string(payment.amount.description),
                    ]), tenant: tenant.id, now: now, on: sql))
        }
        return records
    }

    /// Adds what was paid or refunded to the invoice and moves its status (an issued invoice
    /// only: a draft or void one keeps its status and the operator is asked to look).
    static func apply(
        to invoiceId: InvoiceID, paid: Money, refunded: Money, cause: Payment, tenant: Tenant, transitions: AppointmentTransitions, now: Date,
        on sql: any SQLDatabase
    ) async throws -> [MutationRecord] {
        let repository = InvoicesRepository(sql: sql, tenantId: tenant.id)
        try await repository.lock(invoiceId)
        guard let before = try await repository.find(invoiceId) else { return [] }
        var after = before
        after.paid += paid
        after.refunded += refunded
        after.updatedAt = now
        let open: Set<InvoiceStatus> = [.issued, .partiallyPaid, .paid, .refunded]
        if open.contains(before.status) {
            after.status = InvoiceStatus.settled(payable: after.payable, paid: after.paid, refunded: after.refunded)
        }
        try await repository.update(after)
        var records = [InvoicesService.record("invoice.payment_applied", before: before, after: after)]
        if !open.contains(before.status) || after.paid - after.refunded > after.payable {
            records.append(
                try await OperatorExceptions.open(
                    kind: open.contains(before.status) ? "invoice_overpaid" : "payment_on_closed_invoice", severity: .high, entityType: "invoice",
                    entityId: invoiceId.description, title: open.contains(before.status) ? "Invoice overpaid" : "Payment on a closed invoice",
                    details: .object([
                        "paymentId": .string(cause.id.description), "payable": .string(after.payable.description),
                        "paid": .string(after.paid.description), "refunded": .string(after.refunded.description),
                    ]), tenant: tenant.id, now: now, on: sql))
        }
        if let appointmentId = after.appointmentId, after.status != before.status,
            let record = try await transitions.updateMoney(
                appointmentId, scope: scope(tenant, cause: cause, now: now), at: now, on: sql,
                change: { $0.paymentStatus = Self.appointmentStatus(of: after.status) })
        {
            records.append(record)
        }
        return records
    }

    static func appointmentStatus(of invoice: InvoiceStatus) -> PaymentStatus {
        switch invoice {
        case .partiallyPaid: .partiallyPaid
        case .paid: .paid
        case .refunded: .refunded
        case .draft, .issued, .void: .unpaid
        }
    }
}
