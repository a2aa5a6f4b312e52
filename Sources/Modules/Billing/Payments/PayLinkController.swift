import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Tenancy
import Settings
import Booking
import Messaging

/// `GET /public/{tenantSlug}/pay/{chainId}?sig=…` (public): the payer's link. It sends the payer
/// (303) to the chain's current provider page, submitting the attempt first when no provider
/// has seen it yet; opening the link starts the notification deadline of that attempt. A paid
/// chain sends the payer to the return page; an expired deposit is `410 payment_expired`; a
/// chain with no attempt left is `409 payment_unavailable`. A wrong signature is a plain 404.
public struct PayLinkController: Sendable {
    let service: PaymentsService
    let database: Database

    public init(service: PaymentsService, database: Database) {
        self.service = service
        self.database = database
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.get("public/{tenantSlug}/pay/{chainId}", use: open)
    }

    @Sendable func open(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let slug = context.parameters.get("tenantSlug"), let chainId = context.parameters.get("chainId").flatMap(PaymentID.init(string:)),
            let signature = request.decodedQuery["sig"], let tenant = try await TenantRecords.find(slug: slug, on: database.sql),
            service.payLinks.verify(signature, tenantId: tenant.id, chain: chainId)
        else { throw AppError.notFound() }
        // A valid link of a studio that is not active says so: the payer is not sent to pay it.
        if let refusal = TenantLifecycle.refusal(for: tenant) { throw refusal }
        let attempts = try await service.repository(tenant.id).chain(chainId)
        guard let first = attempts.first else { throw AppError.notFound() }
        let policy = try await service.settings.read(PaymentSettings.self, tenant: tenant)
        if attempts.contains(where: { $0.status == .succeeded || $0.status == .waitingForCapture }) {
            return Self.redirect(service.payLinks.returnURL(settings: policy))
        }
        if first.kind == .deposit, let appointmentId = first.appointmentId,
            let appointment = try await AppointmentDirectory(sql: database.sql, tenantId: tenant.id).appointment(appointmentId),
            appointment.status != .depositRequired
        {
            throw AppError(status: .gone, code: "payment_expired", details: ["appointmentStatus": .string(appointment.status.rawValue)])
        }
        guard let current = attempts.last(where: { $0.status == .pending && $0.supersededAt == nil }) else {
            throw AppError.conflict("payment_unavailable")
        }
        let now = context.clock.now()
        var payment = current
        if payment.providerPaymentId == nil {
            payment = try await service.submitChain(from: current.id, tenant: tenant, now: now, interactive: true)
        } else {
            try await service.payerArrived(current.id, tenant: tenant, timeoutMinutes: policy.webhookTimeoutMinutes, now: now)
        }
        let stripePage = try await service.stripePage(payment, tenant: tenant)
        guard payment.status == .pending, let url = payment.confirmationURL ?? stripePage else {
            throw AppError.conflict("payment_unavailable")
        }
        return Self.redirect(url)
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}

extension PaymentsService {
    /// The payer reached the provider's page: the attempt's notification is due within the
    /// studio's timeout from now (a link sent yesterday does not count against the provider).
    func payerArrived(_ id: PaymentID, tenant: Tenant, timeoutMinutes: Int, now: Date) async throws {
        let due = now.addingTimeInterval(TimeInterval(timeoutMinutes * 60))
        try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            try await repository.lock(id)
            guard let before = try await repository.find(id), before.status == .pending, (before.webhookDueAt ?? .distantPast) < due else {
                return ((), [])
            }
            var after = before
            after.webhookDueAt = due
            after.updatedAt = now
            try await repository.update(after)
            try await Self.enqueueCheck(after, at: due, now: now, on: sql)
            return ((), [Self.record("payment.opened", before: before, after: after)])
        }
    }

    /// Stripe has no hosted page for a PaymentIntent: the payer confirms it on our page
    /// (`/pay-stripe.html`) with Stripe.js, which needs the studio's publishable key. The key,
    /// the intent's client secret and the return address travel in the fragment, which browsers
    /// never send to a server, so no log keeps the secret.
    func stripePage(_ payment: Payment, tenant: Tenant) async throws -> String? {
        guard payment.channel == .stripe, let secret = payment.clientSecret,
            let key = try await providers.stripePublishableKey(tenant: tenant.id)
        else { return nil }
        let returnURL = payLinks.returnURL(settings: try await settings.read(PaymentSettings.self, tenant: tenant))
        var fragment = URLComponents()
        fragment.queryItems = [.init(name: "pk", value: key), .init(name: "cs", value: secret), .init(name: "return", value: returnURL)]
        return "\(payLinks.publicBaseURL)/pay-stripe.html#\(fragment.percentEncodedQuery ?? "")"
    }
}
