import CRMCore
import Foundation

public enum InvoiceEntity {}
public typealias InvoiceID = TypedID<InvoiceEntity>

/// `draft → issued → partially_paid → paid → refunded`, `draft | issued → void` (SPEC §6).
/// Payments move an issued invoice along; staff only issue and void.
public enum InvoiceStatus: String, Codable, Sendable, CaseIterable {
    case draft, issued
    case partiallyPaid = "partially_paid"
    case paid, void, refunded

    /// Where an invoice with `paid` of `payable` (after `refunded`) stands.
    static func settled(payable: Money, paid: Money, refunded: Money) -> InvoiceStatus {
        let net = paid - refunded
        if paid > .zero, net <= .zero { return .refunded }
        if net >= payable, payable > .zero { return .paid }
        if net > .zero { return .partiallyPaid }
        return .issued
    }
}

/// One line: a service or free text, a whole quantity, a unit price.
public struct InvoiceItem: Sendable, Equatable, Codable {
    public var serviceId: ServiceID?
    public var description: String
    public var quantity: Int
    public var unitPrice: Money

    public var total: Money { unitPrice * quantity }
}

public struct Invoice: Sendable, Equatable {
    public var id: InvoiceID
    public var tenantId: TenantID
    /// `2026-000123`; nil while a draft.
    public var number: String?
    public var clientId: CustomerID
    public var appointmentId: AppointmentID?
    public var status: InvoiceStatus
    public var currency: String
    public var items: [InvoiceItem]
    public var subtotal: Money
    public var discount: Money
    public var payable: Money
    public var paid: Money
    public var refunded: Money
    public var notes: String?
    public var issuedAt: Date?
    public var voidedAt: Date?
    public var voidReason: String?
    public var createdBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date

    /// What is still to pay.
    public var balance: Money { max(.zero, payable - (paid - refunded)) }

    var auditSnapshot: JSONValue {
        .object([
            "number": number.map(JSONValue.string) ?? .null, "clientId": .string(clientId.description),
            "appointmentId": appointmentId.map { .string($0.description) } ?? .null, "status": .string(status.rawValue),
            "currency": .string(currency), "subtotal": .string(subtotal.description), "discount": .string(discount.description),
            "payable": .string(payable.description), "paid": .string(paid.description), "refunded": .string(refunded.description),
            "items": .array(
                items.map {
                    .object([
                        "serviceId": $0.serviceId.map { .string($0.description) } ?? .null, "description": .string($0.description),
                        "quantity": .int(Int64($0.quantity)), "unitPrice": .string($0.unitPrice.description),
                    ])
                }),
            "voidReason": voidReason.map(JSONValue.string) ?? .null,
        ])
    }
}
