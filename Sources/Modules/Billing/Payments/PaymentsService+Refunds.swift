import CRMCore
import Foundation
import Plans
import Providers
import SQLKit
import Tenancy

/// Refunds (SPEC §6): a refund row reserves its amount on the payment in the same transaction
/// that checks it (`refund_reserved_minor`, under the payment's row lock and a CHECK), so however
/// many requests race, what is refunded never exceeds what was paid. The provider is then asked
/// with the refund's id as the idempotency key; a refund it refuses gives the reservation back.
/// Full refunds are open to every plan; partial ones need `payments.partial`.
extension PaymentsService {
    static let refundKind = "refund.submit"

    func refund(_ id: PaymentID, _ input: PaymentAmountInput, scope: TenantScope) async throws -> Payment {
        var problems = input.problems
        let parent = try await payment(id, scope: scope)
        if parent.channel == .manual, !input.toWallet, (input.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty, problems["reason"] == nil {
            problems["reason"] = "required"
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let refund = try await reserveRefund(
            parent.id, amount: input.amount, reason: input.reason, toWallet: input.toWallet, plan: scope.plan, tenant: scope.tenant,
            actor: scope.auditActor, createdBy: scope.userId, now: scope.clock.now())
        guard !refund.channel.settlesAtOnce else { return refund }
        return try await submitRefund(refund.id, tenant: scope.tenant, now: scope.clock.now(), fromRequest: true)
    }

    /// Checks and reserves a refund of `amount` (everything still refundable when nil). A refund
    /// `toWallet` (and any refund of a wallet payment) puts the money on the client's wallet at
    /// once; a top-up's refund takes its money off the wallet first (`409 wallet_insufficient`
    /// when the client already spent it).
    func reserveRefund(
        _ parentId: PaymentID, amount: Money?, reason: String?, toWallet: Bool = false, plan: Plan, tenant: Tenant, actor: AuditActor,
        createdBy: UserID?, now: Date
    ) async throws -> Payment {
        try await database.mutate(by: actor, at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(parentId)
            guard let before = try await repository.find(parentId) else { throw AppError.notFound() }
            guard before.kind != .refund, before.status == .succeeded else {
                throw AppError.conflict("payment_not_refundable", details: ["status": .string(before.status.rawValue)])
            }
            let value = amount ?? before.refundable
            guard value > .zero, value <= before.refundable else {
                throw AppError.conflict("refund_exceeds_paid", details: ["refundable": .string(before.refundable.description)])
            }
            if value != before.amount { try PlanGate.check(.paymentsPartial, plan: plan) }
            if toWallet, before.kind == .topUp { throw AppError.conflict("refund_to_wallet_not_allowed") }
            let channel: PaymentChannel = toWallet || before.channel == .wallet ? .wallet : before.channel
            var parent = before
            parent.refundReserved += value
            parent.updatedAt = now
            var refund = Self.attempt(
                tenant: tenant.id, chain: nil, channel: channel, kind: .refund, amount: value, currency: before.currency, capture: true,
                invoiceId: before.invoiceId, appointmentId: before.appointmentId, clientId: before.clientId, createdBy: createdBy, now: now)
            refund.parentId = before.id
            refund.comment = reason
            var records: [MutationRecord] = []
            if before.kind == .topUp {
                records.append(
                    try await WalletLedger.move(
                        before.clientId, by: -value, kind: .topUpRefund, payment: refund, comment: reason, createdBy: createdBy, tenant: tenant,
                        now: now, on: sql))
            }
            if channel.settlesAtOnce {
                // Money given back by hand or onto the wallet: recorded as done, with its reason.
                refund.status = .succeeded
                refund.succeededAt = now
                parent.refunded += value
            }
            try await repository.update(parent)
            try await repository.insert(refund)
            records.append(Self.record("payment.refund_requested", after: refund))
            if refund.status == .succeeded {
                records.append(Self.record("payment.refunded", before: before, after: parent))
                records += try await PaymentsLedger.refunded(
                    refund, parent: parent, tenant: tenant, transitions: appointmentTransitions, now: now, on: sql)
            } else {
                try await Jobs.enqueue(
                    NewJob(
                        kind: Self.refundKind, queue: .critical, payload: Self.jobPayload(refund), tenantId: tenant.id,
                        runAt: now.addingTimeInterval(Self.startSafetyDelay), uniqueKey: "\(Self.refundKind):\(refund.id)"), at: now, on: sql)
            }
            return (refund, records)
        }
    }

    /// Asks the provider for refund `id` (or re-reads it once it has a provider id).
    /// `fromRequest`: a provider failure becomes a 502 for the caller instead of a job retry.
    func submitRefund(_ id: PaymentID, tenant: Tenant, now: Date, fromRequest: Bool) async throws -> Payment {
        let repository = repository(tenant.id)
        guard let refund = try await repository.find(id), refund.kind == .refund, refund.status == .pending, let parentId = refund.parentId,
            let parent = try await repository.find(parentId), let providerPaymentId = parent.providerPaymentId
        else { return try await repository.find(id) ?? { throw AppError.notFound() }() }
        guard let client = try await client(refund.channel, tenant: tenant.id) else { throw AppError.conflict("payment_provider_not_configured") }
        do {
            let remote =
                if let providerRefundId = refund.providerPaymentId {
                    try await client.refund(id: providerRefundId)
                } else {
                    try await client.refund(paymentId: providerPaymentId, amount: refund.amount, currency: refund.currency, idempotencyKey: id.description)
                }
            return try await syncRefund(id, remote: remote, tenant: tenant, now: now)
        } catch let error as PaymentProviderError where error.kind != .temporary {
            // Refused for good: the reservation goes back.
            let failed = try await settleRefund(id, status: .failed, remote: nil, reason: Self.reason(error), tenant: tenant, now: now)
            if fromRequest {
                throw AppError(
                    status: .badGateway, code: "refund_failed",
                    details: ["refundId": .string(failed.id.description), "provider": .string(error.provider), "kind": .string(error.kind.rawValue)])
            }
            return failed
        } catch let error as PaymentProviderError {
            // Maybe done, maybe not: the job asks again with the same key (the provider answers
            // a repeated key with the first result); the reservation stays meanwhile.
            logger.notice("refund not confirmed yet", metadata: ["refund": "\(id)", "error": "\(error)"])
            if fromRequest { return refund }
            throw error
        }
    }

    @discardableResult
    func syncRefund(_ id: PaymentID, remote: ProviderRefund, tenant: Tenant, now: Date, eventKey: String? = nil) async throws -> Payment {
        let status: PaymentState =
            switch remote.status {
            case .pending: .pending
            case .succeeded: .succeeded
            case .cancelled: .failed
            }
        return try await settleRefund(id, status: status, remote: remote, reason: status == .failed ? "cancelled_by_provider" : nil, tenant: tenant, now: now, eventKey: eventKey)
    }

    /// Moves refund `id` forward (never back) and settles its reservation on the payment.
    func settleRefund(
        _ id: PaymentID, status target: PaymentState, remote: ProviderRefund?, reason: String?, tenant: Tenant, now: Date, eventKey: String? = nil
    ) async throws -> Payment {
        try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            guard let found = try await repository.find(id), let parentId = found.parentId else { throw AppError.notFound() }
            try await repository.lock(parentId)
            try await repository.lock(id)
            guard let before = try await repository.find(id), var parent = try await repository.find(parentId) else { throw AppError.notFound() }
            if let eventKey, target == .succeeded {
                guard try await repository.takeWebhookEvent(channel: before.channel, key: eventKey, payment: id, now: now) else { return (before, []) }
            }
            var after = before
            if let remote, before.providerPaymentId == nil { after.providerPaymentId = remote.id }
            if let remote { after.rawPayload = String(decoding: remote.raw, as: UTF8.self) }
            var records: [MutationRecord] = []
            if target.rank > before.status.rank {
                after.status = target
                after.failureReason = reason
                let parentBefore = parent
                if target == .succeeded {
                    after.succeededAt = now
                    parent.refunded += before.amount
                } else {
                    parent.refundReserved -= before.amount
                    if parent.kind == .topUp {
                        // The provider refused to send the top-up back: it is on the wallet again.
                        records.append(
                            try await WalletLedger.move(
                                parent.clientId, by: before.amount, kind: .topUpRefundReversed, payment: before, createdBy: nil, tenant: tenant,
                                now: now, on: sql))
                    }
                }
                parent.updatedAt = now
                try await repository.update(parent)
                records.append(Self.record(target == .succeeded ? "payment.refunded" : "payment.refund_failed", before: parentBefore, after: parent))
                if target == .succeeded {
                    records += try await PaymentsLedger.refunded(
                        after, parent: parent, tenant: tenant, transitions: appointmentTransitions, now: now, on: sql)
                }
            }
            guard after != before else { return (before, records) }
            after.updatedAt = now
            try await repository.update(after)
            records.insert(Self.record("payment.status_changed", before: before, after: after), at: 0)
            return (after, records)
        }
    }

    /// The `refund.submit` job.
    func refundJob(_ job: JobContext) async throws {
        let (tenant, id) = try await Self.target(of: job, on: database.sql)
        let refund = try await submitRefund(id, tenant: tenant, now: job.clock.now(), fromRequest: false)
        // Still pending at the provider: look again later (a notification usually comes first),
        // for three days at most — then the dead-letter view shows it to the operator.
        if refund.status == .pending {
            guard job.clock.now().timeIntervalSince(refund.createdAt) < 3 * 86_400 else {
                throw PermanentJobFailure("refund \(refund.id) still pending at the provider after three days")
            }
            try await database.transaction { sql in
                try await Jobs.enqueue(
                    NewJob(
                        kind: Self.refundKind, queue: .critical, payload: Self.jobPayload(refund), tenantId: tenant.id,
                        runAt: job.clock.now().addingTimeInterval(600),
                        uniqueKey: "\(Self.refundKind):\(refund.id):\(Int64(job.clock.now().timeIntervalSince1970))"), at: job.clock.now(), on: sql)
            }
        }
    }
}
