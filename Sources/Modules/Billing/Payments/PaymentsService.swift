import CRMCore
import Foundation
import Logging
import Plans
import Providers
import SQLKit
import Tenancy
import Settings
import Operations
import Messaging
import Booking
import Clients

/// Online and manual payments (SPEC §6). An online payment is a chain of provider attempts:
/// YooKassa first, Stripe as the fallback (`is_fallback`) when the first attempt fails, times
/// out, or its notification does not arrive in time; when both fail the operator is asked for a
/// manual payment. Provider notifications are never believed as sent: the payment is re-read
/// from the provider before it changes state, and state only moves forward.
public struct PaymentsService: Sendable {
    let database: Database
    let providers: any PaymentProviderDirectory
    let settings: SettingsService
    let reminders: AppointmentReminders?
    let callLog: ProviderCallLog
    let payLinks: PayLinks
    let logger: Logger

    public init(
        database: Database, providers: any PaymentProviderDirectory, settings: SettingsService, reminders: AppointmentReminders?,
        callLog: ProviderCallLog, payLinks: PayLinks, logger: Logger
    ) {
        self.database = database
        self.providers = providers
        self.settings = settings
        self.reminders = reminders
        self.callLog = callLog
        self.payLinks = payLinks
        self.logger = logger
    }

    /// The appointment status machine as payments drive it: with the same reminders and deposits
    /// as the booking routes (built here, since the deposits are this service's own).
    public var appointmentTransitions: AppointmentTransitions {
        AppointmentTransitions(reminders: reminders, deposits: AppointmentDeposits(payments: self))
    }

    func repository(_ tenant: TenantID) -> PaymentsRepository { PaymentsRepository(sql: database.sql, tenantId: tenant) }

    /// The tenant's client of a provider, timed into the call log; nil when not connected.
    func client(_ channel: PaymentChannel, tenant: TenantID) async throws -> (any PaymentProvider)? {
        guard let kind = channel.providerKind, let base = try await providers.paymentProvider(kind, tenant: tenant) else { return nil }
        return MeasuredPaymentProvider(base: base, log: callLog, tenant: tenant)
    }

    /// The providers a new chain may use, in order: YooKassa, then Stripe.
    func chainProviders(tenant: TenantID) async throws -> [PaymentChannel] {
        var channels: [PaymentChannel] = []
        for kind in PaymentProviderKind.allCases where try await isConnected(kind, tenant: tenant) {
            channels.append(PaymentChannel(kind))
        }
        return channels
    }

    /// Whether the studio connected `kind`. Credentials that no longer open (a changed
    /// `SECRET_KEY`) still count: the attempt then fails with that reason and the chain moves on,
    /// instead of the provider silently disappearing.
    func isConnected(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> Bool {
        do {
            return try await providers.paymentProvider(kind, tenant: tenant) != nil
        } catch is PaymentProviderError {
            return true
        }
    }

    func payment(_ id: PaymentID, scope: TenantScope) async throws -> Payment {
        guard let payment = try await repository(scope.tenantId).find(id) else { throw AppError.notFound() }
        return payment
    }

    func list(_ filter: PaymentsRepository.Filter, page: PageRequest, scope: TenantScope) async throws -> (
        items: [Payment], nextCursor: String?
    ) {
        try await repository(scope.tenantId).list(filter, page: page)
    }

    func payURL(_ payment: Payment, tenant: Tenant) -> String? {
        guard payment.channel.providerKind != nil, payment.kind != .refund else { return nil }
        return payLinks.url(tenantSlug: tenant.slug, tenantId: tenant.id, chain: payment.chainId)
    }

    // MARK: Creating an online payment

    /// `POST /payments`: pays (part of) an issued invoice online. The first attempt is written
    /// with a `payment.start` job (so a crash right after the commit still reaches the provider),
    /// then submitted at once; the answer is the chain's current attempt.
    func create(_ input: PaymentInput, scope: TenantScope) async throws -> Payment {
        if let client = input.topUpClientId, input.problems.isEmpty, let amount = input.amount {
            return try await topUpOnline(client, amount: amount, scope: scope)
        }
        var problems = input.problems
        let invoice = try await input.invoiceId.asyncMap { try await InvoicesRepository(sql: database.sql, tenantId: scope.tenantId).find($0) } ?? nil
        if input.invoiceId != nil, invoice == nil { problems["invoiceId"] = "not_found" }
        guard problems.isEmpty, let invoice else { throw AppError.validation(problems) }
        guard [.issued, .partiallyPaid].contains(invoice.status) else {
            throw AppError.conflict("invoice_not_payable", details: ["status": .string(invoice.status.rawValue)])
        }
        let payable = input.amount ?? invoice.balance
        guard payable <= invoice.balance else {
            throw AppError.validation(["amount": "exceeds_balance"])
        }
        let holds = input.capture == false
        if holds { try PlanGate.check(.paymentsPrepayHold, plan: scope.plan) }
        guard let channel = try await chainProviders(tenant: scope.tenantId).first else { throw AppError.conflict("payment_provider_not_configured") }
        let now = scope.clock.now()
        let first = Self.attempt(
            tenant: scope.tenantId, chain: nil, channel: channel, kind: payable == invoice.balance ? .full : .partial, amount: payable,
            currency: invoice.currency, capture: !holds, invoiceId: invoice.id, appointmentId: invoice.appointmentId, clientId: invoice.clientId,
            createdBy: scope.userId, now: now)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await PaymentsRepository(sql: sql, tenantId: scope.tenantId).insert(first)
            try await Self.enqueueStart(first, now: now, delay: Self.startSafetyDelay, on: sql)
            return ((), [Self.record("payment.created", after: first)])
        }
        return try await submitChain(from: first.id, tenant: scope.tenant, now: now, interactive: true)
    }

    /// A new attempt (the first of a chain when `chain` is nil).
    static func attempt(
        tenant: TenantID, chain: Payment?, channel: PaymentChannel, kind: PaymentKind, amount: Money, currency: String, capture: Bool,
        invoiceId: InvoiceID?, appointmentId: AppointmentID?, clientId: CustomerID, createdBy: UserID?, now: Date
    ) -> Payment {
        let id = PaymentID.random()
        return Payment(
            id: id, tenantId: tenant, chainId: chain?.chainId ?? id, parentId: nil, invoiceId: invoiceId, appointmentId: appointmentId,
            clientId: clientId, kind: kind, channel: channel, providerPaymentId: nil, status: .pending, amount: amount, currency: currency,
            capture: capture, refunded: .zero, refundReserved: .zero, attempt: (chain?.attempt ?? 0) + 1, isFallback: chain != nil,
            confirmationURL: nil, clientSecret: nil, failureReason: nil, rawPayload: nil, comment: nil, webhookDueAt: nil, supersededAt: nil,
            succeededAt: nil, createdBy: createdBy, createdAt: now, updatedAt: now)
    }

    static func record(_ action: String, before: Payment? = nil, after: Payment) -> MutationRecord {
        MutationRecord(action: action, entityType: "payment", entityId: after.id.description, before: before?.auditSnapshot, after: after.auditSnapshot)
    }
}

extension PaymentsService {
    /// The names of the clients of a page of payments, in one query.
    func clientNames(_ ids: [CustomerID], tenant: TenantID) async throws -> [CustomerID: String] {
        try await ClientDirectory(sql: database.sql).names(ids, tenant: tenant)
    }
}
