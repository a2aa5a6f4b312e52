import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Providers
import Tenancy
import Messaging

/// Provider notifications (public routes, one per studio):
/// - `POST /payments/yookassa/webhook/{tenantSlug}`: YooKassa does not sign notifications, so
///   the body only says which payment to look at; the payment is re-read with
///   `GET /v3/payments/{id}` (`GET /v3/refunds/{id}` for refunds) and the provider's answer is
///   applied. A forged notification therefore changes nothing.
/// - `POST /payments/stripe/webhook/{tenantSlug}`: the `Stripe-Signature` header must verify
///   against the studio's endpoint secret (HMAC-SHA256, 5 minutes tolerance), else `400
///   invalid_signature` and nothing is read; the intent is then re-read as well.
/// Each event is taken once (`payment_webhook_events`), so a replay changes nothing. A
/// notification about a payment this studio does not have is acknowledged and ignored; one
/// that cannot be checked now (the provider does not answer) is `503`, so the provider retries.
public struct PaymentWebhooksController: Sendable {
    let service: PaymentsService
    let database: Database

    public init(service: PaymentsService, database: Database) {
        self.service = service
        self.database = database
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.post("payments/yookassa/webhook/{tenantSlug}", use: yookassa)
        group.post("payments/stripe/webhook/{tenantSlug}", use: stripe)
    }

    struct Acknowledged: Encodable, ResponseEncodable { let ok: Bool }

    static let maxBody = 256 << 10
    static let signatureHeader = HTTPField.Name("Stripe-Signature")!

    func tenant(_ context: APIRequestContext) async throws -> Tenant {
        guard let slug = context.parameters.get("tenantSlug"), let tenant = try await TenantRecords.find(slug: slug, on: database.sql) else {
            throw AppError.notFound()
        }
        return tenant
    }

    @Sendable func yookassa(_ request: Request, context: APIRequestContext) async throws -> Acknowledged {
        let tenant = try await tenant(context)
        guard let client = try await service.client(.yookassa, tenant: tenant.id) else { throw AppError.notFound() }
        let body = Data(try await request.body.collect(upTo: Self.maxBody).readableBytesView)
        guard let notification = YooKassaClient.notification(body) else { throw AppError.badRequest("invalid_notification") }
        let now = context.clock.now()
        let repository = service.repository(tenant.id)
        let key = "\(notification.event):\(notification.objectId)"
        if notification.event.hasPrefix("refund.") {
            guard let refund = try await repository.find(channel: .yookassa, providerPaymentId: notification.objectId), refund.kind == .refund else {
                return Acknowledged(ok: true)
            }
            let remote = try await Self.checked { try await client.refund(id: notification.objectId) }
            try await service.syncRefund(refund.id, remote: remote, tenant: tenant, now: now, eventKey: key)
            return Acknowledged(ok: true)
        }
        guard let payment = try await repository.find(channel: .yookassa, providerPaymentId: notification.objectId), payment.kind != .refund else {
            return Acknowledged(ok: true)
        }
        let remote = try await Self.checked { try await client.payment(id: notification.objectId) }
        let claimed: ProviderPayment.Status? =
            switch notification.event {
            case "payment.succeeded": .succeeded
            case "payment.waiting_for_capture": .waitingForCapture
            case "payment.canceled": .cancelled
            default: nil
            }
        let event = PaymentsService.NotificationEvent(key: key) { $0 == claimed }
        try await service.sync(payment.id, remote: remote, tenant: tenant, now: now, event: event)
        return Acknowledged(ok: true)
    }

    @Sendable func stripe(_ request: Request, context: APIRequestContext) async throws -> Acknowledged {
        let tenant = try await tenant(context)
        guard let secret = try await service.providers.stripeWebhookSecret(tenant: tenant.id),
            let client = try await service.client(.stripe, tenant: tenant.id)
        else { throw AppError.notFound() }
        let body = Data(try await request.body.collect(upTo: Self.maxBody).readableBytesView)
        let now = context.clock.now()
        do {
            try StripeWebhookSignature.verify(payload: body, header: request.headers[Self.signatureHeader] ?? "", secret: secret, now: now)
        } catch {
            throw AppError.badRequest("invalid_signature")
        }
        guard let event = StripeWebhookSignature.event(body) else { throw AppError.badRequest("invalid_notification") }
        let repository = service.repository(tenant.id)
        // A signed event is genuine: its id is taken whatever the re-read says.
        let taken = PaymentsService.NotificationEvent(key: event.id) { _ in true }
        if event.type.hasPrefix("payment_intent."), let intentId = event.objectId {
            guard let payment = try await repository.find(channel: .stripe, providerPaymentId: intentId), payment.kind != .refund else {
                return Acknowledged(ok: true)
            }
            let remote = try await Self.checked { try await client.payment(id: intentId) }
            try await service.sync(payment.id, remote: remote, tenant: tenant, now: now, event: taken)
        } else if event.type.hasPrefix("refund.") || event.type.hasPrefix("charge.refund") {
            for refundId in event.refundIds {
                guard let refund = try await repository.find(channel: .stripe, providerPaymentId: refundId), refund.kind == .refund else { continue }
                let remote = try await Self.checked { try await client.refund(id: refundId) }
                try await service.syncRefund(refund.id, remote: remote, tenant: tenant, now: now, eventKey: "\(event.id):\(refundId)")
            }
        }
        return Acknowledged(ok: true)
    }

    /// A provider that cannot be asked now: `503`, so it delivers the notification again later.
    static func checked<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch is PaymentProviderError {
            throw AppError.serviceUnavailable("payment_provider_unavailable")
        }
    }
}
