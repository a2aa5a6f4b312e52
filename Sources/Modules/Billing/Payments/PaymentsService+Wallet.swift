import CRMCore
import Foundation
import SQLKit
import Tenancy
import Booking
import Clients

/// Wallet money (seed 004): a top-up is a payment like any other (online here, by hand in
/// `createManual`) whose success puts the money on the wallet; paying from the wallet is a
/// payment of channel `wallet` that succeeds in the transaction that takes the money off it.
extension PaymentsService {
    /// `POST /payments {clientId, amount}`: tops up the client's wallet through the studio's
    /// online providers (the same chain and fallback as an invoice's payment).
    func topUpOnline(_ clientId: CustomerID, amount: Money, scope: TenantScope) async throws -> Payment {
        guard try await ClientDirectory(sql: database.sql).client(clientId, tenant: scope.tenantId) != nil else {
            throw AppError.validation(["clientId": "not_found"])
        }
        guard let channel = try await chainProviders(tenant: scope.tenantId).first else { throw AppError.conflict("payment_provider_not_configured") }
        let now = scope.clock.now()
        let first = Self.attempt(
            tenant: scope.tenantId, chain: nil, channel: channel, kind: .topUp, amount: amount, currency: scope.tenant.currency, capture: true,
            invoiceId: nil, appointmentId: nil, clientId: clientId, createdBy: scope.userId, now: now)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await PaymentsRepository(sql: sql, tenantId: scope.tenantId).insert(first)
            try await Self.enqueueStart(first, now: now, delay: Self.startSafetyDelay, on: sql)
            return ((), [Self.record("payment.created", after: first)])
        }
        return try await submitChain(from: first.id, tenant: scope.tenant, now: now, interactive: true)
    }

    /// `POST /payments/wallet {invoiceId | appointmentId, amount?}`: pays (part of) an issued
    /// invoice, or a booking's required deposit, from the client's wallet. Everything — the
    /// checks of the invoice or booking, the money off the wallet (`409 wallet_insufficient`),
    /// the payment and what it does to the invoice and booking — is one transaction.
    func payFromWallet(_ input: WalletPaymentInput, scope: TenantScope) async throws -> Payment {
        guard input.problems.isEmpty else { throw AppError.validation(input.problems) }
        let now = scope.clock.now()
        let tenant = scope.tenant
        let transitions = appointmentTransitions
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let kind: PaymentKind
            let value: Money
            let clientId: CustomerID
            var invoiceId: InvoiceID?
            var appointmentId: AppointmentID?
            if let id = input.invoiceId {
                let invoices = InvoicesRepository(sql: sql, tenantId: tenant.id)
                try await invoices.lock(id)
                guard let invoice = try await invoices.find(id) else { throw AppError.validation(["invoiceId": "not_found"]) }
                guard [.issued, .partiallyPaid].contains(invoice.status) else {
                    throw AppError.conflict("invoice_not_payable", details: ["status": .string(invoice.status.rawValue)])
                }
                value = input.amount ?? invoice.balance
                guard value <= invoice.balance else { throw AppError.validation(["amount": "exceeds_balance"]) }
                kind = value == invoice.balance ? .full : .partial
                clientId = invoice.clientId
                invoiceId = invoice.id
                appointmentId = invoice.appointmentId
            } else if let id = input.appointmentId {
                guard let appointment = try await AppointmentDirectory(sql: sql, tenantId: tenant.id).appointment(id) else {
                    throw AppError.validation(["appointmentId": "not_found"])
                }
                guard appointment.depositStatus == .required, let deposit = appointment.depositAmount else {
                    throw AppError.conflict("deposit_not_required", details: ["depositStatus": .string(appointment.depositStatus.rawValue)])
                }
                value = deposit
                kind = .deposit
                clientId = appointment.clientId
                appointmentId = appointment.id
            } else {
                throw AppError.validation(["invoiceId": "required"])
            }
            var payment = Self.attempt(
                tenant: tenant.id, chain: nil, channel: .wallet, kind: kind, amount: value, currency: tenant.currency, capture: true,
                invoiceId: invoiceId, appointmentId: appointmentId, clientId: clientId, createdBy: scope.userId, now: now)
            payment.status = .succeeded
            payment.succeededAt = now
            var records = [
                try await WalletLedger.move(
                    clientId, by: -value, kind: .payment, payment: payment, createdBy: scope.userId, tenant: tenant, now: now, on: sql)
            ]
            try await PaymentsRepository(sql: sql, tenantId: tenant.id).insert(payment)
            records.append(Self.record("payment.created", after: payment))
            records += try await PaymentsLedger.received(payment, tenant: tenant, transitions: transitions, now: now, on: sql)
            return (payment, records)
        }
    }
}

/// `POST /payments/wallet {invoiceId | appointmentId, amount?}`, read at the edge.
struct WalletPaymentInput: Sendable {
    var invoiceId: InvoiceID?
    var appointmentId: AppointmentID?
    /// Part of an invoice's balance; a deposit is always paid whole.
    var amount: Money?
    var problems: [String: String]

    static func read(_ body: BodyFields) -> WalletPaymentInput {
        var fields = body
        let invoiceId: BodyField<InvoiceID> = fields.id("invoiceId")
        let appointmentId: BodyField<AppointmentID> = fields.id("appointmentId")
        let amount = fields.money("amount")
        fields.require("amount", amount, creating: false)
        fields.require("invoiceId", invoiceId, creating: false)
        fields.require("appointmentId", appointmentId, creating: false)
        var problems = fields.problems
        if invoiceId.value != nil, appointmentId.value != nil { problems["appointmentId"] = "conflicts_with_invoice" }
        if invoiceId.isAbsent, appointmentId.isAbsent { problems["invoiceId"] = "required" }
        if appointmentId.value != nil, amount.value != nil { problems["amount"] = "not_allowed" }
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        return WalletPaymentInput(invoiceId: invoiceId.value, appointmentId: appointmentId.value, amount: amount.value, problems: problems)
    }
}
