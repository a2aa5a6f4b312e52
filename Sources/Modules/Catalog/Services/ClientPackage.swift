import CRMCore
import Foundation

/// A package sold to one client: a snapshot of the definition at the sale (name, price, visits
/// per service) and what is left of it. Later edits of the definition never change it.
public struct ClientPackage: Sendable, Equatable {
    public struct Unit: Sendable, Equatable {
        public var serviceId: ServiceID
        public var total: Int
        public var remaining: Int

        public init(serviceId: ServiceID, total: Int, remaining: Int) {
            self.serviceId = serviceId
            self.total = total
            self.remaining = remaining
        }
    }

    public let id: ClientPackageID
    public var clientId: CustomerID
    public var packageId: ServicePackageID
    public var name: String
    public var price: Money
    public var soldAt: Date
    /// Exclusive: the package can be used before this instant (see `expiry`).
    public var expiresAt: Date
    public var soldBy: UserID?
    public var units: [Unit]

    public func isExpired(at now: Date) -> Bool { now >= expiresAt }

    /// The end of the studio-local day `validityDays` after the sale's local day: sold on 1 June
    /// for 30 days, it can be used until the end of 1 July in the studio's timezone.
    public static func expiry(soldAt: Date, validityDays: Int, in zone: TimeZone) -> Date {
        TenantTime.endOfDay(TenantTime.localDate(of: soldAt, in: zone).adding(days: validityDays), in: zone)
    }

    var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "clientId": .string(clientId.description), "packageId": .string(packageId.description),
            "name": .string(name), "price": .string(price.description), "soldAt": .string(TenantTime.formatISO(soldAt, in: .gmt)),
            "expiresAt": .string(TenantTime.formatISO(expiresAt, in: .gmt)),
            "units": .array(
                units.map {
                    .object(["serviceId": .string($0.serviceId.description), "total": .int(Int64($0.total)), "remaining": .int(Int64($0.remaining))])
                }),
        ])
    }

    /// The audit entry and event of using one visit (`consumeUnit`), for the caller's mutation:
    /// the appointment that books a packaged service adds it to its own records.
    public static func consumptionRecord(_ id: ClientPackageID, serviceId: ServiceID, remaining: Int) -> MutationRecord {
        MutationRecord(
            action: "client_package.unit_consumed", entityType: "client_package", entityId: id.description,
            payload: .object(["serviceId": .string(serviceId.description), "remaining": .int(Int64(remaining))]))
    }
}
