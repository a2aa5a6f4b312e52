import CRMCore
import Foundation

public enum PaymentEntity {}
public typealias PaymentID = TypedID<PaymentEntity>

/// What a payment is for (SPEC §6): a booking's deposit, an invoice paid in full or in part,
/// money put on the client's wallet (`top_up`), or money given back (a refund row points at the
/// payment it returns).
public enum PaymentKind: String, Sendable, Codable, CaseIterable {
    case deposit, full, partial, refund
    case topUp = "top_up"
}

/// Who moves the money: an online provider, the studio by hand (proof + approval), or the
/// client's wallet (money already with the studio, moved at once).
public enum PaymentChannel: String, Sendable, Codable, CaseIterable {
    case yookassa, stripe, manual, wallet

    /// Money that moves the moment it is recorded, without a provider: a refund by hand or any
    /// movement of the wallet.
    var settlesAtOnce: Bool { self == .manual || self == .wallet }

    init(_ kind: PaymentProviderKind) {
        switch kind {
        case .yookassa: self = .yookassa
        case .stripe: self = .stripe
        }
    }

    var providerKind: PaymentProviderKind? {
        switch self {
        case .yookassa: .yookassa
        case .stripe: .stripe
        case .manual, .wallet: nil
        }
    }
}

/// `pending → waiting_for_capture → succeeded`, or `failed` / `cancelled` (SPEC §6). A state
/// only moves forward: a late or replayed notification can never take a payment back.
public enum PaymentState: String, Sendable, Codable, CaseIterable {
    case pending
    case waitingForCapture = "waiting_for_capture"
    case succeeded, failed, cancelled

    var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }

    /// Order of progress; equal ranks never replace each other.
    var rank: Int {
        switch self {
        case .pending: 0
        case .waitingForCapture: 1
        case .succeeded, .failed, .cancelled: 2
        }
    }
}

/// One attempt at a provider, one manual payment, or one refund.
public struct Payment: Sendable, Equatable {
    public var id: PaymentID
    public var tenantId: TenantID
    /// The first attempt's id: a fallback attempt belongs to the chain it continues.
    public var chainId: PaymentID
    /// For a refund: the payment it gives money back from.
    public var parentId: PaymentID?
    public var invoiceId: InvoiceID?
    public var appointmentId: AppointmentID?
    public var clientId: CustomerID
    public var kind: PaymentKind
    public var channel: PaymentChannel
    public var providerPaymentId: String?
    public var status: PaymentState
    public var amount: Money
    public var currency: String
    /// False: a two-stage payment whose money is held until captured.
    public var capture: Bool
    /// Refunds that succeeded.
    public var refunded: Money
    /// Refunds that succeeded or are still in flight: what can no longer be refunded.
    public var refundReserved: Money
    public var attempt: Int
    public var isFallback: Bool
    public var confirmationURL: String?
    public var clientSecret: String?
    public var failureReason: String?
    /// The provider's last answer about this payment, as received.
    public var rawPayload: String?
    public var comment: String?
    /// When the provider's notification is due at the latest; the chain moves to the secondary
    /// provider if the attempt is still pending then.
    public var webhookDueAt: Date?
    /// Set when a later attempt of the chain took over (the payer is sent there).
    public var supersededAt: Date?
    public var succeededAt: Date?
    public var createdBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date

    public var refundable: Money { status == .succeeded && kind != .refund ? amount - refundReserved : .zero }

    var auditSnapshot: JSONValue {
        .object([
            "chainId": .string(chainId.description), "parentId": parentId.map { .string($0.description) } ?? .null,
            "invoiceId": invoiceId.map { .string($0.description) } ?? .null,
            "appointmentId": appointmentId.map { .string($0.description) } ?? .null, "clientId": .string(clientId.description),
            "kind": .string(kind.rawValue), "provider": .string(channel.rawValue),
            "providerPaymentId": providerPaymentId.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "amount": .string(amount.description), "currency": .string(currency), "capture": .bool(capture),
            "refunded": .string(refunded.description), "attempt": .int(Int64(attempt)), "isFallback": .bool(isFallback),
            "failureReason": failureReason.map(JSONValue.string) ?? .null, "comment": comment.map(JSONValue.string) ?? .null,
        ])
    }
}
