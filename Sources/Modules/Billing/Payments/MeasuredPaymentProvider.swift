import CRMCore
import Foundation
import Operations
import Providers

/// A provider client whose every call is timed into the call log.
struct MeasuredPaymentProvider: PaymentProvider {
    let base: any PaymentProvider
    let log: ProviderCallLog
    let tenant: TenantID

    var name: String { base.name }

    func createPayment(_ request: PaymentRequest, idempotencyKey: String) async throws -> ProviderPayment {
        try await log.measure(tenant: tenant, provider: name, operation: "create_payment") {
            try await base.createPayment(request, idempotencyKey: idempotencyKey)
        }
    }

    func payment(id: String) async throws -> ProviderPayment {
        try await log.measure(tenant: tenant, provider: name, operation: "get_payment") { try await base.payment(id: id) }
    }

    func capture(id: String, amount: Money?, currency: String, idempotencyKey: String) async throws -> ProviderPayment {
        try await log.measure(tenant: tenant, provider: name, operation: "capture") {
            try await base.capture(id: id, amount: amount, currency: currency, idempotencyKey: idempotencyKey)
        }
    }

    func cancel(id: String, idempotencyKey: String) async throws -> ProviderPayment {
        try await log.measure(tenant: tenant, provider: name, operation: "cancel") { try await base.cancel(id: id, idempotencyKey: idempotencyKey) }
    }

    func refund(paymentId: String, amount: Money, currency: String, idempotencyKey: String) async throws -> ProviderRefund {
        try await log.measure(tenant: tenant, provider: name, operation: "refund") {
            try await base.refund(paymentId: paymentId, amount: amount, currency: currency, idempotencyKey: idempotencyKey)
        }
    }

    func refund(id: String) async throws -> ProviderRefund {
        try await log.measure(tenant: tenant, provider: name, operation: "get_refund") { try await base.refund(id: id) }
    }
}
