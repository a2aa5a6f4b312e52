import CRMCore
import Foundation
import Tenancy
import Messaging
import Providers

/// Sends the client a message (template `invoice.payment_link`) with the payer's link to pay an
/// invoice's balance online. The link's payment chain is reused while it is still open for the
/// same amount, else a new one is started; its first attempt reaches the provider when the payer
/// opens the link (a link that sits in a message for days never starts a notification deadline).
/// The chain is written first: when the message cannot be sent (no reachable channel) the
/// unsubmitted chain is harmless — it never reaches a provider — and the next send reuses it.
public struct InvoiceSendingService: Sendable {
    let payments: PaymentsService
    let messages: MessagesService

    public init(payments: PaymentsService, messages: MessagesService) {
        self.payments = payments
        self.messages = messages
    }

    /// `channel` nil: the studio's channel order decides.
    public func send(_ id: InvoiceID, channel: MessageChannel?, scope: TenantScope) async throws -> (chain: Payment, link: String, message: Message) {
        let database = payments.database
        guard let invoice = try await InvoicesRepository(sql: database.sql, tenantId: scope.tenantId).find(id) else { throw AppError.notFound() }
        guard [.issued, .partiallyPaid].contains(invoice.status), invoice.balance > .zero else {
            throw AppError.conflict("invoice_not_payable", details: ["status": .string(invoice.status.rawValue)])
        }
        guard let provider = try await payments.chainProviders(tenant: scope.tenantId).first else {
            throw AppError.conflict("payment_provider_not_configured")
        }
        let now = scope.clock.now()
        let tenant = scope.tenant
        let chain: Payment = try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            if let open = try await repository.payments(ofInvoice: id).last(where: {
                $0.kind != .refund && $0.channel != .manual && $0.status == .pending && $0.supersededAt == nil && $0.amount == invoice.balance
            }) {
                return (open, [])
            }
            let attempt = PaymentsService.attempt(
                tenant: tenant.id, chain: nil, channel: provider, kind: .full, amount: invoice.balance, currency: invoice.currency, capture: true,
                invoiceId: invoice.id, appointmentId: invoice.appointmentId, clientId: invoice.clientId, createdBy: scope.userId, now: now)
            try await repository.insert(attempt)
            return (attempt, [PaymentsService.record("payment.created", after: attempt)])
        }
        guard let link = payments.payURL(chain, tenant: tenant) else { throw AppError.internal }
        let draft = MessageDraft(
            clientId: invoice.clientId, appointmentId: invoice.appointmentId, channel: channel, templateKey: .invoicePaymentLink, link: link)
        let message = try await messages.compose(draft, scope: scope)
        return (chain, link, message)
    }
}
