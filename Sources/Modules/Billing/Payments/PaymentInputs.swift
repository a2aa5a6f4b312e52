import CRMCore
import Foundation

/// The bodies of the payment routes, typed and read at the edge with their problems; the
/// service answers those together with what only the records can tell.
struct PaymentInput: Sendable {
    /// `POST /payments {invoiceId, amount?, capture?}`; amount nil: the invoice's balance.
    var invoiceId: InvoiceID?
    var amount: Money?
    /// False: hold the money (`payments.prepay_hold`) and capture it later.
    var capture: Bool?
    var problems: [String: String]

    static func read(_ body: BodyFields) -> PaymentInput {
        var fields = body
        let invoiceId: BodyField<InvoiceID> = fields.id("invoiceId")
        let amount = fields.money("amount")
        let capture = fields.bool("capture")
        fields.require("invoiceId", invoiceId, creating: true)
        var problems = fields.problems
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        return PaymentInput(invoiceId: invoiceId.value, amount: amount.value, capture: capture.value, problems: problems)
    }
}

/// `POST /payments/{id}/capture {amount?}` and `POST /payments/{id}/refund {amount?, reason?}`.
struct PaymentAmountInput: Sendable {
    var amount: Money?
    var reason: String?
    var problems: [String: String]

    static func read(_ body: BodyFields, reason withReason: Bool) -> PaymentAmountInput {
        var fields = body
        let amount = fields.money("amount")
        let reason = withReason ? fields.text("reason", maxLength: 500) : .absent
        var problems = fields.problems
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        return PaymentAmountInput(amount: amount.value, reason: reason.value, problems: problems)
    }
}
