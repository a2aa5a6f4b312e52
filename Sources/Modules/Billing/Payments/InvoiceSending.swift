import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Messaging
import Providers

/// `POST /invoices/{id}/send {channel?}` (`finance.write`): sends the client the payer's link to
/// pay the invoice's balance (`InvoiceSendingService`).
public struct InvoiceSendController: Sendable {
    let service: InvoiceSendingService

    public init(payments: PaymentsService, messages: MessagesService) {
        service = InvoiceSendingService(payments: payments, messages: messages)
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
        let channel: BodyField<MessageChannel> = fields.enumeration("channel")
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        let sent = try await service.send(id, channel: channel.value, scope: context.scope)
        return EditedResponse(
            status: .accepted,
            response: SentDTO(
                invoiceId: id, paymentId: sent.chain.chainId, payUrl: sent.link, messageId: sent.message.id,
                channel: sent.message.channel.rawValue, status: sent.message.status.rawValue))
    }
}
