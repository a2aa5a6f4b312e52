import CRMCore
import Foundation
import Plans
import Providers
import Tenancy

/// Two-stage payments (`payments.prepay_hold`): money held at the provider
/// (`waiting_for_capture`) is captured — all of it or less, the rest released — or released.
extension PaymentsService {
    func capture(_ id: PaymentID, _ input: PaymentAmountInput, scope: TenantScope) async throws -> Payment {
        guard input.problems.isEmpty else { throw AppError.validation(input.problems) }
        let amount = input.amount
        let payment = try await held(id, to: .succeeded, scope: scope)
        if let value = amount, value > payment.amount { throw AppError.validation(["amount": "exceeds_held"]) }
        guard let client = try await client(payment.channel, tenant: scope.tenantId), let providerId = payment.providerPaymentId else {
            throw AppError.conflict("payment_provider_not_configured")
        }
        let remote = try await Self.provider {
            try await client.capture(
                id: providerId, amount: amount, currency: payment.currency, idempotencyKey: "capture-\(payment.id)-\(amount?.minorUnits ?? 0)")
        }
        return try await sync(id, remote: remote, tenant: scope.tenant, now: scope.clock.now())
    }

    func release(_ id: PaymentID, scope: TenantScope) async throws -> Payment {
        let payment = try await held(id, to: .cancelled, scope: scope)
        guard let client = try await client(payment.channel, tenant: scope.tenantId), let providerId = payment.providerPaymentId else {
            throw AppError.conflict("payment_provider_not_configured")
        }
        let remote = try await Self.provider { try await client.cancel(id: providerId, idempotencyKey: "cancel-\(payment.id)") }
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: scope.tenantId)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard before.status == .waitingForCapture, remote.status == .cancelled else { return (before, []) }
            var after = before
            after.status = .cancelled
            after.failureReason = "released"
            after.rawPayload = String(decoding: remote.raw, as: UTF8.self)
            after.updatedAt = now
            try await repository.update(after)
            return (after, [Self.record("payment.status_changed", before: before, after: after)])
        }
    }

    /// The payment, when it is a hold the caller may act on.
    private func held(_ id: PaymentID, to target: PaymentState, scope: TenantScope) async throws -> Payment {
        try PlanGate.check(.paymentsPrepayHold, plan: scope.plan)
        let payment = try await payment(id, scope: scope)
        guard payment.status == .waitingForCapture else {
            throw AppError.invalidTransition(from: payment.status.rawValue, to: target.rawValue)
        }
        return payment
    }
}
