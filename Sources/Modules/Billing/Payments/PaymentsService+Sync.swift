import CRMCore
import Foundation
import Providers
import SQLKit
import Tenancy
import Operations

/// Keeping a payment in step with its provider. Whatever brings news — a notification, the
/// deadline check, a capture — the payment is re-read from the provider and only the provider's
/// own answer moves it, forward only: a forged notification changes nothing, a replayed one
/// finds nothing left to do, and events that arrive out of order end in the provider's state.
extension PaymentsService {
    /// A provider notification, taken once: `key` is recorded in the transaction that applies it,
    /// and only when the provider's answer confirms it (a forged event cannot burn the key of the
    /// real one that follows).
    struct NotificationEvent: Sendable {
        let key: String
        let confirms: @Sendable (ProviderPayment.Status) -> Bool
    }

    /// Applies the provider's view `remote` of payment `id`.
    @discardableResult
    func sync(_ id: PaymentID, remote: ProviderPayment, tenant: Tenant, now: Date, event: NotificationEvent? = nil) async throws -> Payment {
        // Only a cancellation can send the chain on to the backup provider.
        let backup = remote.status == .cancelled ? try await hasBackup(tenant) : false
        let outcome: (payment: Payment, fallback: PaymentID?) = try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            if let event, event.confirms(remote.status) {
                guard try await repository.takeWebhookEvent(channel: before.channel, key: event.key, payment: id, now: now) else {
                    return ((before, nil), [])
                }
            }
            let advanced = try await advance(before, remote: remote, backup: backup, tenant: tenant, now: now, on: sql)
            return ((advanced.payment, advanced.fallback), advanced.records)
        }
        guard let fallback = outcome.fallback else { return outcome.payment }
        return try await submitChain(from: fallback, tenant: tenant, now: now, interactive: false)
    }

    /// Moves `before` towards `remote` inside the caller's transaction; answers the new state,
    /// the records to write and the fallback attempt to submit after the commit, if any.
    func advance(_ before: Payment, remote: ProviderPayment, backup: Bool, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws -> (
        payment: Payment, fallback: PaymentID?, records: [MutationRecord]
    ) {
        guard remote.id == before.providerPaymentId else { return (before, nil, []) }
        let target: PaymentState =
            switch remote.status {
            case .pending: .pending
            case .waitingForCapture: .waitingForCapture
            case .succeeded: .succeeded
            // A cancellation the studio asked for is already `cancelled` here; any other one is
            // the provider's refusal (declined, expired on the payment page).
            case .cancelled: before.status == .cancelled ? .cancelled : .failed
            }
        guard target.rank > before.status.rank else { return (before, nil, []) }
        let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
        var after = before
        after.status = target
        after.rawPayload = String(decoding: remote.raw, as: UTF8.self)
        after.updatedAt = now
        var records: [MutationRecord] = []
        if target == .succeeded {
            after.succeededAt = now
            // A hold captured in part settles for what was captured.
            let partialCapture = before.status == .waitingForCapture && remote.amount < before.amount
            if remote.amount != before.amount {
                after.amount = remote.amount
                if !partialCapture {
                    records.append(
                        try await OperatorExceptions.open(
                            kind: "payment_amount_mismatch", severity: .high, entityType: "payment", entityId: before.id.description,
                            title: "Provider amount differs",
                            details: .object(["expected": .string(before.amount.description), "received": .string(remote.amount.description)]),
                            tenant: tenant.id, now: now, on: sql))
                }
            }
        }
        if target == .failed { after.failureReason = remote.failureReason.flatMap { $0.isEmpty ? nil : $0 } ?? "cancelled_by_provider" }
        try await repository.update(after)
        records.insert(Self.record("payment.status_changed", before: before, after: after), at: 0)
        var fallback: PaymentID?
        var current = after
        switch target {
        case .succeeded:
            records += try await PaymentsLedger.received(after, tenant: tenant, transitions: appointmentTransitions, now: now, on: sql)
            let others = try await repository.chain(after.chainId).filter { $0.id != after.id && $0.status == .succeeded }
            if !others.isEmpty {
                records.append(
                    try await OperatorExceptions.open(
                        kind: "payment_duplicate", severity: .high, entityType: "payment", entityId: after.chainId.description,
                        title: "Paid twice", details: Self.exceptionDetails(after, reason: "second_attempt_also_paid"), tenant: tenant.id, now: now,
                        on: sql))
            }
        case .failed where before.supersededAt == nil:
            let escalation = try await escalate(after, reason: after.failureReason ?? "failed", backup: backup, tenant: tenant, now: now, on: sql)
            fallback = escalation.fallback
            records += escalation.records
            current = try await repository.find(after.id) ?? after
        default:
            break
        }
        return (current, fallback, records)
    }

    // MARK: The notification deadline

    /// The `payment.check` job, due when an attempt's notification should have arrived: the
    /// payment is re-read; still pending, it counts as a silent provider and the chain moves on.
    func checkJob(_ job: JobContext) async throws {
        let (tenant, id) = try await Self.target(of: job, on: database.sql)
        try await check(id, tenant: tenant, now: job.clock.now())
    }

    func check(_ id: PaymentID, tenant: Tenant, now: Date) async throws {
        guard var payment = try await repository(tenant.id).find(id), !payment.status.isFinal, payment.supersededAt == nil else { return }
        if let providerId = payment.providerPaymentId, let client = try await client(payment.channel, tenant: tenant.id) {
            do {
                payment = try await sync(id, remote: try await client.payment(id: providerId), tenant: tenant, now: now)
            } catch let error as PaymentProviderError {
                // The provider cannot even be asked: that is what the deadline is for.
                logger.notice("payment check could not read the provider", metadata: ["payment": "\(id)", "error": "\(error)"])
            }
        }
        guard payment.status == .pending, let due = payment.webhookDueAt, due <= now else { return }
        let backup = try await hasBackup(tenant)
        let fallback: PaymentID? = try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let current = try await repository.find(id), current.status == .pending, current.supersededAt == nil else { return (nil, []) }
            let escalation = try await escalate(current, reason: "no_notification_in_time", backup: backup, tenant: tenant, now: now, on: sql)
            return (escalation.fallback, escalation.records)
        }
        if let fallback { _ = try await submitChain(from: fallback, tenant: tenant, now: now, interactive: true) }
    }

    /// `POST /payments/{id}/refresh`: asks the provider where the payment stands now.
    func refresh(_ id: PaymentID, scope: TenantScope) async throws -> Payment {
        let payment = try await payment(id, scope: scope)
        guard let providerId = payment.providerPaymentId, payment.kind != .refund else { return payment }
        guard let client = try await client(payment.channel, tenant: scope.tenantId) else { throw AppError.conflict("payment_provider_not_configured") }
        let remote = try await Self.provider { try await client.payment(id: providerId) }
        return try await sync(id, remote: remote, tenant: scope.tenant, now: scope.clock.now())
    }

    /// A provider call from a request: its failure is a `502 payment_provider_error` naming the
    /// provider and its kind, never a 500.
    static func provider<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as PaymentProviderError {
            throw AppError(
                status: .badGateway, code: "payment_provider_error",
                details: ["provider": .string(error.provider), "kind": .string(error.kind.rawValue), "providerCode": error.code.map(JSONValue.string) ?? .null])
        }
    }
}
