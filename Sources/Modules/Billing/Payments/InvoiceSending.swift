import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Messaging

/// `POST /invoices/{id}/send {channel?}` (`finance.write`): sends the client a message
/// (template `invoice.payment_link`) with the payer's link to pay the invoice's balance online.
/// The link's payment chain is reused while it is still open for the same amount, else a new one
/// is started; its first attempt reaches the provider when the payer opens the link (a link that
/// sits in a message for days never starts a notification deadline). The chain is written first:
/// when the message cannot be sent (no reachable channel) the unsubmitted chain is harmless — it
/// never reaches a provider — and the next send reuses it.
public struct InvoiceSendController: Sendable {
    let payments: PaymentsService
    let messages: MessagesService

    public init(payments: PaymentsService, messages: MessagesService) {
        self.payments = payments
        self.messages = messages
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.post("invoices/{id}/send", .needs(.financeWrite, feature: .invoices), use: send)
    }

    struct SentDTO: ResponseEncodable, Sendable {
        let invoiceId: InvoiceID
        let paymentId: PaymentID
        let payUrl: String
        let messageId: MessageID
        let channel: String
        let status: String
    }

    @Sendable func send(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<SentDTO> {
        let id = try context.pathID(as: InvoiceID.self)
        var fields = try await BodyFields.decodeOptional(request, context: context)
        let channel = fields.text("channel", maxLength: 20)
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        let database = payments.database
        guard let invoice = try await InvoicesRepository(sql: database.sql, tenantId: context.tenantId).find(id) else { throw AppError.notFound() }
        guard [.issued, .partiallyPaid].contains(invoice.status), invoice.balance > .zero else {
            throw AppError.conflict("invoice_not_payable", details: ["status": .string(invoice.status.rawValue)])
        }
        guard let provider = try await payments.chainProviders(tenant: context.tenantId).first else {
            throw AppError.conflict("payment_provider_not_configured")
        }
        let now = context.clock.now()
        let tenant = context.identity.tenant
        let chain: Payment = try await database.mutate(by: context.auditActor, at: now) { sql in
            let repository = PaymentsRepository(sql: sql, tenantId: tenant.id)
            if let open = try await repository.payments(ofInvoice: id).last(where: {
                $0.kind != .refund && $0.channel != .manual && $0.status == .pending && $0.supersededAt == nil && $0.amount == invoice.balance
            }) {
                return (open, [])
            }
            let attempt = PaymentsService.attempt(
                tenant: tenant.id, chain: nil, channel: provider, kind: .full, amount: invoice.balance, currency: invoice.currency, capture: true,
                invoiceId: invoice.id, appointmentId: invoice.appointmentId, clientId: invoice.clientId, createdBy: context.userId, now: now)
            try await repository.insert(attempt)
            return (attempt, [PaymentsService.record("payment.created", after: attempt)])
        }
        guard let link = payments.payURL(chain, tenant: tenant) else { throw AppError.internal }
        var object: [String: BodyValue] = [
            "clientId": .string(invoice.clientId.description), "templateKey": .string(TemplateKey.invoicePaymentLink.rawValue), "link": .string(link),
        ]
        if let channel = channel.value { object["channel"] = .string(channel) }
        if let appointment = invoice.appointmentId { object["appointmentId"] = .string(appointment.description) }
        let message = try await messages.compose(BodyFields(.object(object)), scheduled: false, scope: context.scope)
        return EditedResponse(
            status: .accepted,
            response: SentDTO(
                invoiceId: id, paymentId: chain.chainId, payUrl: link, messageId: message.id,
                channel: message.channel.rawValue, status: message.status.rawValue))
    }
}
