import CRMCore
import Foundation

/// The bodies of the payment routes, typed and read at the edge with their problems; the
/// service answers those together with what only the records can tell.
struct PaymentInput: Sendable {
    /// `POST /payments {invoiceId, amount?, capture?}`; amount nil: the invoice's balance.
    /// `{clientId, amount}` instead tops up the client's wallet.
    var invoiceId: InvoiceID?
    var topUpClientId: CustomerID?
    var amount: Money?
    /// False: hold the money (`payments.prepay_hold`) and capture it later.
    var capture: Bool?
    var problems: [String: String]

    static func read(_ body: BodyFields) -> PaymentInput {
        var fields = body
        let invoiceId: BodyField<InvoiceID> = fields.id("invoiceId")
        let clientId: BodyField<CustomerID> = fields.id("clientId")
        fields.require("clientId", clientId, creating: false)
        let amount = fields.money("amount")
        let capture = fields.bool("capture")
        let topUp = clientId.value != nil && invoiceId.isAbsent
        fields.require("invoiceId", invoiceId, creating: !topUp)
        if topUp {
            fields.require("amount", amount, creating: true)
            if capture.value == false { fields.problem("capture", "not_allowed") }
        } else if !clientId.isAbsent {
            fields.problem("clientId", "conflicts_with_invoice")
        }
        var problems = fields.problems
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        return PaymentInput(
            invoiceId: invoiceId.value, topUpClientId: topUp ? clientId.value : nil, amount: amount.value, capture: capture.value, problems: problems)
    }
}

/// `POST /payments/{id}/capture {amount?}` and `POST /payments/{id}/refunds {amount?, reason?, toWallet?}`.
struct PaymentAmountInput: Sendable {
    var amount: Money?
    var reason: String?
    /// A refund put on the client's wallet instead of going back where the money came from.
    var toWallet: Bool = false
    var problems: [String: String]

    static func read(_ body: BodyFields, reason withReason: Bool) -> PaymentAmountInput {
        var fields = body
        let amount = fields.money("amount")
        let reason = withReason ? fields.text("reason", maxLength: 500) : .absent
        let toWallet = withReason ? fields.bool("toWallet") : .absent
        fields.require("toWallet", toWallet, creating: false)
        var problems = fields.problems
        if let value = amount.value, value <= .zero { problems["amount"] = "out_of_range" }
        return PaymentAmountInput(amount: amount.value, reason: reason.value, toWallet: toWallet.value ?? false, problems: problems)
    }
}
