import CRMCore
import Foundation
import Providers
import SQLKit
import Tenancy
import Operations
import Settings
import Messaging

/// Submitting attempts to providers and the fallback chain (SPEC §6): a first attempt that
/// fails (declined, refused, timed out) or whose notification does not come in time is followed
/// by one attempt at the secondary provider, with an exception "payment switched to backup" for
/// the operator; when that one fails too, "manual payment required".
extension PaymentsService {
    static let startKind = "payment.start"
    static let checkKind = "payment.check"
    /// The `payment.start` job of an attempt submitted inline waits this long, so it only runs
    /// when the inline submission never happened (the process died right after the commit).
    static let startSafetyDelay: TimeInterval = 60

    static func jobPayload(_ payment: Payment) -> JSONValue {
        .object(["tenantId": .string(payment.tenantId.description), "paymentId": .string(payment.id.description)])
    }

    static func enqueueStart(_ payment: Payment, now: Date, delay: TimeInterval, on sql: any SQLDatabase) async throws {
        try await Jobs.enqueue(
            NewJob(
                kind: startKind, queue: .critical, payload: jobPayload(payment), tenantId: payment.tenantId, runAt: now.addingTimeInterval(delay),
                uniqueKey: "\(startKind):\(payment.id)"), at: now, on: sql)
    }

    static func enqueueCheck(_ payment: Payment, at due: Date, now: Date, on sql: any SQLDatabase) async throws {
        try await Jobs.enqueue(
            NewJob(
                kind: checkKind, queue: .critical, payload: jobPayload(payment), tenantId: payment.tenantId, runAt: due,
                uniqueKey: "\(checkKind):\(payment.id):\(Int64(due.timeIntervalSince1970))"), at: now, on: sql)
    }

    /// Submits attempt `id` and every fallback attempt its failure leads to; answers the chain's
    /// current attempt. `interactive`: the payer is about to pay now, so the notification
    /// deadline starts running.
    func submitChain(from id: PaymentID, tenant: Tenant, now: Date, interactive: Bool) async throws -> Payment {
        var outcome = try await submit(id, tenant: tenant, now: now, interactive: interactive)
        while let fallback = outcome.fallback {
            outcome = try await submit(fallback, tenant: tenant, now: now, interactive: interactive)
        }
        return outcome.payment
    }

    /// One attempt at its provider, with the attempt's id as the idempotency key: submitting
    /// twice (inline and from the job) creates one provider payment.
    func submit(_ id: PaymentID, tenant: Tenant, now: Date, interactive: Bool) async throws -> (payment: Payment, fallback: PaymentID?) {
        guard let attempt = try await repository(tenant.id).find(id) else { throw AppError.notFound() }
        guard attempt.status == .pending, attempt.providerPaymentId == nil, attempt.supersededAt == nil, attempt.channel != .manual else {
            return (attempt, nil)
        }
        let client: (any PaymentProvider)?
        do {
            client = try await self.client(attempt.channel, tenant: tenant.id)
        } catch let error as PaymentProviderError {
            return try await fail(id, reason: Self.reason(error), tenant: tenant, now: now)
        }
        guard let client else { return try await fail(id, reason: "provider_not_configured", tenant: tenant, now: now) }
        let policy = try await settings.read(PaymentSettings.self, tenant: tenant)
        let request = PaymentRequest(
            amount: attempt.amount, currency: attempt.currency, description: description(of: attempt), returnURL: payLinks.returnURL(settings: policy),
            capture: attempt.capture,
            metadata: ["tenantId": tenant.id.description, "paymentId": attempt.id.description, "chainId": attempt.chainId.description])
        let remote: ProviderPayment
        do {
            remote = try await client.createPayment(request, idempotencyKey: attempt.id.description)
        } catch let error as PaymentProviderError {
            logger.notice("payment attempt failed", metadata: ["payment": "\(id)", "error": "\(error)"])
            return try await fail(id, reason: Self.reason(error), tenant: tenant, now: now)
        }
        let due = interactive ? now.addingTimeInterval(TimeInterval(policy.webhookTimeoutMinutes * 60)) : nil
        let backup = remote.status == .cancelled ? try await hasBackup(tenant) : false
        return try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard before.providerPaymentId == nil, before.status == .pending else { return ((before, nil), []) }
            var after = before
            after.providerPaymentId = remote.id
            after.confirmationURL = remote.confirmationURL
            after.clientSecret = remote.clientSecret
            after.rawPayload = String(decoding: remote.raw, as: UTF8.self)
            after.webhookDueAt = due
            after.updatedAt = now
            try await repository.update(after)
            if let due { try await Self.enqueueCheck(after, at: due, now: now, on: sql) }
            var records = [Self.record("payment.submitted", before: before, after: after)]
            // The provider may already know more (a repeated key answers the first result).
            let advanced = try await advance(after, remote: remote, backup: backup, tenant: tenant, now: now, on: sql)
            records += advanced.records
            return ((advanced.payment, advanced.fallback), records)
        }
    }

    /// Records a failed submission and escalates the chain.
    func fail(_ id: PaymentID, reason: String, tenant: Tenant, now: Date) async throws -> (payment: Payment, fallback: PaymentID?) {
        let backup = try await hasBackup(tenant)
        return try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard before.status == .pending, before.providerPaymentId == nil, before.supersededAt == nil else { return ((before, nil), []) }
            var after = before
            after.status = .failed
            after.failureReason = reason
            after.updatedAt = now
            try await repository.update(after)
            let escalation = try await escalate(after, reason: reason, backup: backup, tenant: tenant, now: now, on: sql)
            return ((escalation.payment, escalation.fallback), [Self.record("payment.failed", before: before, after: after)] + escalation.records)
        }
    }

    /// After `attempt` failed or went quiet: the chain's first attempt at YooKassa moves to Stripe
    /// when the studio connected it; anything else asks the operator for a manual payment.
    /// `backup`: whether the studio has Stripe connected, asked before the transaction (the
    /// directory reads the database; a transaction never waits for a second connection).
    func escalate(_ attempt: Payment, reason: String, backup: Bool, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws -> (
        payment: Payment, fallback: PaymentID?, records: [MutationRecord]
    ) {
        let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
        var current = attempt
        if attempt.attempt == 1, attempt.channel == .yookassa, backup {
            let fallback = Self.attempt(
                tenant: tenant.id, chain: attempt, channel: .stripe, kind: attempt.kind, amount: attempt.amount, currency: attempt.currency,
                capture: attempt.capture, invoiceId: attempt.invoiceId, appointmentId: attempt.appointmentId, clientId: attempt.clientId,
                createdBy: attempt.createdBy, now: now)
            current.supersededAt = now
            current.updatedAt = now
            try await repository.update(current)
            try await repository.insert(fallback)
            try await Self.enqueueStart(fallback, now: now, delay: Self.startSafetyDelay, on: sql)
            let exception = try await OperatorExceptions.open(
                kind: "payment_switched_to_backup", severity: .medium, entityType: "payment", entityId: attempt.chainId.description,
                title: "Payment switched to backup", details: Self.exceptionDetails(attempt, reason: reason), tenant: tenant.id, now: now, on: sql)
            return (fallback, fallback.id, [Self.record("payment.created", after: fallback), exception])
        }
        let exception = try await OperatorExceptions.open(
            kind: "manual_payment_required", severity: .high, entityType: "payment", entityId: attempt.chainId.description,
            title: "Manual payment required", details: Self.exceptionDetails(attempt, reason: reason), tenant: tenant.id, now: now, on: sql)
        return (current, nil, [exception])
    }

    /// Whether a failing first attempt has somewhere to go (Stripe connected).
    func hasBackup(_ tenant: Tenant) async throws -> Bool {
        try await isConnected(.stripe, tenant: tenant.id)
    }

    static func exceptionDetails(_ attempt: Payment, reason: String) -> JSONValue {
        .object([
            "paymentId": .string(attempt.id.description), "chainId": .string(attempt.chainId.description), "provider": .string(attempt.channel.rawValue),
            "attempt": .int(Int64(attempt.attempt)), "reason": .string(reason), "amount": .string(attempt.amount.description),
            "invoiceId": attempt.invoiceId.map { .string($0.description) } ?? .null,
            "appointmentId": attempt.appointmentId.map { .string($0.description) } ?? .null,
        ])
    }

    /// `declined: card_declined`, `temporary: timeout` — never the provider's free text.
    static func reason(_ error: PaymentProviderError) -> String {
        "\(error.kind.rawValue): \(error.code ?? "unknown")"
    }

    func description(of payment: Payment) -> String {
        switch payment.kind {
        case .deposit: "Deposit"
        case .full, .partial: "Payment"
        case .refund: "Refund"
        case .topUp: "Wallet top-up"
        }
    }

    /// The `payment.start` job: submits an attempt the inline path never reached.
    func startJob(_ job: JobContext) async throws {
        let (tenant, id) = try await Self.target(of: job, on: database.sql)
        _ = try await submitChain(from: id, tenant: tenant, now: job.clock.now(), interactive: false)
    }

    static func target(of job: JobContext, on sql: any SQLDatabase) async throws -> (Tenant, PaymentID) {
        guard case .object(let payload) = job.job.payload, case .string(let tenantText) = payload["tenantId"],
            case .string(let paymentText) = payload["paymentId"], let tenantId = TenantID(string: tenantText),
            let id = PaymentID(string: paymentText), let tenant = try await TenantRecords.find(tenantId, on: sql)
        else { throw PermanentJobFailure("malformed payment job payload") }
        return (tenant, id)
    }
}
