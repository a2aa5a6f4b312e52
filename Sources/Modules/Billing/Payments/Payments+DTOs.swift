import CRMCore
import Foundation
import Hummingbird

/// A payment as the API shows it. `payUrl` is the payer's stable link to the chain (online
/// payments only); `confirmationUrl` is the current provider page of this attempt.
struct PaymentDTO: Encodable, Sendable, ResponseEncodable {
    let id: PaymentID
    let chainId: PaymentID
    let parentId: PaymentID?
    let invoiceId: InvoiceID?
    let appointmentId: AppointmentID?
    let clientId: CustomerID
    /// The client's name now (lists name their rows without a request per client).
    let clientName: String?
    let kind: PaymentKind
    let provider: PaymentChannel
    let providerPaymentId: String?
    let status: PaymentState
    let amount: Money
    let currency: String
    let capture: Bool
    let refunded: Money
    let refundable: Money
    let attempt: Int
    let isFallback: Bool
    let superseded: Bool
    let confirmationUrl: String?
    let payUrl: String?
    let failureReason: String?
    let comment: String?
    let succeededAt: String?
    let createdBy: UserID?
    let createdAt: Date
    let updatedAt: Date

    init(_ p: Payment, clientName: String?, payURL: String?, timeZone: TimeZone) {
        id = p.id
        chainId = p.chainId
        parentId = p.parentId
        invoiceId = p.invoiceId
        appointmentId = p.appointmentId
        clientId = p.clientId
        self.clientName = clientName
        kind = p.kind
        provider = p.channel
        providerPaymentId = p.providerPaymentId
        status = p.status
        amount = p.amount
        currency = p.currency
        capture = p.capture
        refunded = p.refunded
        refundable = p.refundable
        attempt = p.attempt
        isFallback = p.isFallback
        superseded = p.supersededAt != nil
        confirmationUrl = p.confirmationURL
        payUrl = payURL
        failureReason = p.failureReason
        comment = p.comment
        succeededAt = p.succeededAt.map { TenantTime.formatISO($0, in: timeZone) }
        createdBy = p.createdBy
        createdAt = p.createdAt
        updatedAt = p.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, chainId, parentId, invoiceId, appointmentId, clientId, clientName, kind, provider, providerPaymentId, status, amount, currency, capture
        case refunded, refundable, attempt, isFallback, superseded, confirmationUrl, payUrl, failureReason, comment, succeededAt, createdBy
        case createdAt, updatedAt
    }

    /// Optional fields are always present (null when unset), so clients see one shape.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(chainId, forKey: .chainId)
        try c.encode(parentId, forKey: .parentId)
        try c.encode(invoiceId, forKey: .invoiceId)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(clientId, forKey: .clientId)
        try c.encode(clientName, forKey: .clientName)
        try c.encode(kind, forKey: .kind)
        try c.encode(provider, forKey: .provider)
        try c.encode(providerPaymentId, forKey: .providerPaymentId)
        try c.encode(status, forKey: .status)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(capture, forKey: .capture)
        try c.encode(refunded, forKey: .refunded)
        try c.encode(refundable, forKey: .refundable)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(isFallback, forKey: .isFallback)
        try c.encode(superseded, forKey: .superseded)
        try c.encode(confirmationUrl, forKey: .confirmationUrl)
        try c.encode(payUrl, forKey: .payUrl)
        try c.encode(failureReason, forKey: .failureReason)
        try c.encode(comment, forKey: .comment)
        try c.encode(succeededAt, forKey: .succeededAt)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A payment inside an invoice's answer: enough to show the invoice's money trail.
struct InvoicePaymentDTO: Encodable, Sendable {
    let id: PaymentID
    let kind: PaymentKind
    let provider: PaymentChannel
    let status: PaymentState
    let amount: Money
    let refunded: Money
    let attempt: Int
    let isFallback: Bool
    let createdAt: Date

    init(_ p: Payment) {
        id = p.id
        kind = p.kind
        provider = p.channel
        status = p.status
        amount = p.amount
        refunded = p.refunded
        attempt = p.attempt
        isFallback = p.isFallback
        createdAt = p.createdAt
    }
}
