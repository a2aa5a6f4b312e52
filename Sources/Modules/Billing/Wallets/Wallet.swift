import CRMCore
import Foundation

/// Why a wallet's balance changed.
public enum WalletEntryKind: String, Sendable, Codable, CaseIterable {
    /// Money put on the wallet by a payment (online or by hand).
    case topUp = "top_up"
    /// An invoice or a deposit paid from the wallet.
    case payment
    /// Money given back to the wallet (a refund of a payment, to the wallet).
    case refund
    /// Top-up money sent back to where it came from (taken off the wallet first).
    case topUpRefund = "top_up_refund"
    /// A top-up refund the provider refused: the money is back on the wallet.
    case topUpRefundReversed = "top_up_refund_reversed"
}

/// One change of a client's wallet, signed (`amount` > 0 adds), with the balance after it.
public struct WalletEntry: Sendable, Equatable {
    public let id: UUID
    public let clientId: CustomerID
    public let kind: WalletEntryKind
    public let amount: Money
    public let balanceAfter: Money
    public let currency: String
    public let paymentId: PaymentID?
    public let invoiceId: InvoiceID?
    public let appointmentId: AppointmentID?
    public let comment: String?
    public let createdBy: UserID?
    public let createdAt: Date

    var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.uuidString.lowercased()), "clientId": .string(clientId.description), "kind": .string(kind.rawValue),
            "amount": .string(amount.description), "balanceAfter": .string(balanceAfter.description), "currency": .string(currency),
            "paymentId": paymentId.map { .string($0.description) } ?? .null, "invoiceId": invoiceId.map { .string($0.description) } ?? .null,
            "appointmentId": appointmentId.map { .string($0.description) } ?? .null, "comment": comment.map(JSONValue.string) ?? .null,
        ])
    }
}

/// A client's wallet as it stands.
public struct WalletBalance: Sendable, Equatable {
    public let clientId: CustomerID
    public let balance: Money
    public let currency: String
    public let updatedAt: Date?
}
