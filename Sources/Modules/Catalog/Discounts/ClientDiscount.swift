import CRMCore
import Foundation

/// A personal discount of one client (seed 004): a percentage or a fixed amount off the price of
/// every service, or of the listed ones, for visits that start before it expires, until revoked.
public struct ClientDiscount: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case percent, fixed }

    public let id: ClientDiscountID
    public let clientId: CustomerID
    public let kind: Kind
    /// 1…100, for `percent`.
    public let percent: Int?
    /// For `fixed`: taken off each covered service's price (never below zero).
    public let amount: Money?
    /// nil: every service.
    public let serviceIds: [ServiceID]?
    public let expiresAt: Date?
    public let note: String?
    public let createdBy: UserID?
    public let createdAt: Date
    public var revokedAt: Date?

    /// Whether it can be used for `service` on a visit starting at `start`.
    public func applies(to service: ServiceID, at start: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { start < $0 } ?? true) && (serviceIds?.contains(service) ?? true)
    }

    /// What it takes off `price` (never more than the price).
    public func saving(on price: Money) -> Money {
        switch kind {
        case .percent: min(price, price.percentage(basisPoints: Int64(percent ?? 0) * 100))
        case .fixed: min(price, amount ?? .zero)
        }
    }

    var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "clientId": .string(clientId.description), "kind": .string(kind.rawValue),
            "percent": percent.map { .int(Int64($0)) } ?? .null, "amount": amount.map { .string($0.description) } ?? .null,
            "serviceIds": serviceIds.map { .array($0.map { .string($0.description) }) } ?? .null,
            "expiresAt": expiresAt.map { .string(TenantTime.formatISO($0, in: .gmt)) } ?? .null, "note": note.map(JSONValue.string) ?? .null,
            "revokedAt": revokedAt.map { .string(TenantTime.formatISO($0, in: .gmt)) } ?? .null,
        ])
    }
}

/// A discount applied to one price: which, and how much it took off.
public struct AppliedDiscount: Sendable, Equatable {
    public let id: ClientDiscountID
    public let amount: Money
}

extension Array where Element == ClientDiscount {
    /// The discount that saves the client the most on `service` at `price` for a visit at
    /// `start` (the oldest on a tie); nil when none applies or saves anything.
    public func best(for service: ServiceID, price: Money, at start: Date) -> AppliedDiscount? {
        var best: AppliedDiscount?
        for discount in sorted(by: { ($0.createdAt, $0.id.description) < ($1.createdAt, $1.id.description) })
        where discount.applies(to: service, at: start) {
            let saving = discount.saving(on: price)
            if saving > .zero, saving > (best?.amount ?? .zero) { best = AppliedDiscount(id: discount.id, amount: saving) }
        }
        return best
    }
}
