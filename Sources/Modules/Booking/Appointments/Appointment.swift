import CRMCore
import Foundation

/// Where a booking came from (SPEC §4).
public enum AppointmentSource: String, Sendable, Codable, CaseIterable {
    case manual, storefront, telegram, lead, waitlist
}

/// Whether the booking asks for a deposit and whether it arrived (issue 7 drives it).
public enum DepositStatus: String, Sendable, Codable, CaseIterable {
    case none, required, paid, refunded
}

/// How much of the price has been paid (issue 7 drives it).
public enum PaymentStatus: String, Sendable, Codable, CaseIterable {
    case unpaid
    case partiallyPaid = "partially_paid"
    case paid, refunded
}

/// One booking: a client, a service performed by a staff member at their location (optionally in
/// a room), from `startsAt` to `endsAt`. While its status holds time it keeps the staff member
/// and the room busy over `[startsAt, holdsUntil)`, the break after the service included.
public struct Appointment: Sendable, Equatable {
    public var id: AppointmentID
    public var tenantId: TenantID
    public var clientId: CustomerID
    public var serviceId: ServiceID
    public var staffId: StaffID
    public var locationId: LocationID
    public var roomId: RoomID?
    public var startsAt: Date
    public var endsAt: Date
    /// Copied from the service at booking; later catalogue edits do not move the appointment.
    public var durationMinutes: Int
    public var breakMinutes: Int
    public var price: Money
    public var currency: String?
    public var status: AppointmentStatus
    /// Why it last changed status (a cancellation reason), as the caller gave it.
    public var statusReason: String?
    public var depositAmount: Money?
    public var depositStatus: DepositStatus
    public var paymentStatus: PaymentStatus
    /// Set when it was cancelled inside the studio's cancellation window.
    public var cancellationFee: Money?
    public var source: AppointmentSource
    public var notes: String?
    public var createdBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date
    /// The client's package this booking took a visit from (its price is then covered).
    public var clientPackageId: ClientPackageID? = nil
    /// The client's personal discount applied at booking, and what it took off the price.
    public var discountId: ClientDiscountID? = nil
    public var discountAmount: Money? = nil

    /// End of the time held: the service's end plus its break.
    public var holdsUntil: Date { endsAt.addingTimeInterval(TimeInterval(breakMinutes * 60)) }

    /// Places `startsAt` and derives the end from the copied duration.
    mutating func move(to start: Date) {
        startsAt = start
        endsAt = start.addingTimeInterval(TimeInterval(durationMinutes * 60))
    }

    public var auditSnapshot: JSONValue {
        .object([
            "id": .string(id.description), "clientId": .string(clientId.description), "serviceId": .string(serviceId.description),
            "staffId": .string(staffId.description), "locationId": .string(locationId.description),
            "roomId": roomId.map { .string($0.description) } ?? .null, "startsAt": .string(Self.instant(startsAt)),
            "endsAt": .string(Self.instant(endsAt)), "holdsUntil": .string(Self.instant(holdsUntil)),
            "durationMinutes": .int(Int64(durationMinutes)), "breakMinutes": .int(Int64(breakMinutes)), "price": .string(price.description),
            "currency": currency.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "statusReason": statusReason.map(JSONValue.string) ?? .null, "depositAmount": depositAmount.map { .string($0.description) } ?? .null,
            "depositStatus": .string(depositStatus.rawValue), "paymentStatus": .string(paymentStatus.rawValue),
            "cancellationFee": cancellationFee.map { .string($0.description) } ?? .null, "source": .string(source.rawValue),
            "notes": notes.map(JSONValue.string) ?? .null, "clientPackageId": clientPackageId.map { .string($0.description) } ?? .null,
            "discountId": discountId.map { .string($0.description) } ?? .null,
            "discountAmount": discountAmount.map { .string($0.description) } ?? .null,
        ])
    }

    /// UTC ISO 8601 for audit and event payloads (consumers convert to the tenant's zone).
    public static func instant(_ date: Date) -> String { TenantTime.formatISO(date, in: utc) }

    private static let utc = TimeZone(identifier: "UTC")!
}
