import CRMCore
import Foundation
import Hummingbird

/// An appointment as the API shows it; start and end are wall times of the tenant's zone with
/// their offset (`2026-06-02T10:00:00+01:00`).
struct AppointmentDTO: Encodable, Sendable, ResponseEncodable {
    let id: AppointmentID
    let clientId: CustomerID
    /// The client's name now (set by the controller; lists name their rows without a request per client).
    var clientName: String?
    let serviceId: ServiceID
    let staffId: StaffID
    let locationId: LocationID
    let roomId: RoomID?
    let startsAt: String
    let endsAt: String
    /// Until when the staff member (and room) stay busy: the end plus the service's break.
    let holdsUntil: String
    let durationMinutes: Int
    let breakMinutes: Int
    let price: Money
    let currency: String?
    let status: AppointmentStatus
    let statusReason: String?
    let depositAmount: Money?
    let depositStatus: DepositStatus
    let paymentStatus: PaymentStatus
    let cancellationFee: Money?
    let source: AppointmentSource
    let notes: String?
    let createdBy: UserID?
    let createdAt: Date
    let updatedAt: Date
    /// The client's package that covers this visit (its visit is taken while the booking is open).
    let clientPackageId: ClientPackageID?
    /// The client's personal discount applied at booking and what it took off (`price` is after it).
    let discountId: ClientDiscountID?
    let discountAmount: Money?
    /// The statuses the machine allows from this one now (SPEC §4), for the screens' buttons.
    let nextStatuses: [AppointmentStatus]
    /// The payer's link to the deposit (single appointment answers only, while it is required).
    var depositPayUrl: String?

    init(_ a: Appointment, timeZone: TimeZone) {
        id = a.id
        clientId = a.clientId
        serviceId = a.serviceId
        staffId = a.staffId
        locationId = a.locationId
        roomId = a.roomId
        startsAt = TenantTime.formatISO(a.startsAt, in: timeZone)
        endsAt = TenantTime.formatISO(a.endsAt, in: timeZone)
        holdsUntil = TenantTime.formatISO(a.holdsUntil, in: timeZone)
        durationMinutes = a.durationMinutes
        breakMinutes = a.breakMinutes
        price = a.price
        currency = a.currency
        status = a.status
        statusReason = a.statusReason
        depositAmount = a.depositAmount
        depositStatus = a.depositStatus
        paymentStatus = a.paymentStatus
        cancellationFee = a.cancellationFee
        source = a.source
        notes = a.notes
        createdBy = a.createdBy
        createdAt = a.createdAt
        updatedAt = a.updatedAt
        clientPackageId = a.clientPackageId
        discountId = a.discountId
        discountAmount = a.discountAmount
        nextStatuses = AppointmentStatus.allCases.filter { a.status.canMove(to: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case id, clientId, clientName, serviceId, staffId, locationId, roomId, startsAt, endsAt, holdsUntil, durationMinutes, breakMinutes, price, currency
        case status, statusReason, depositAmount, depositStatus, paymentStatus, cancellationFee, source, notes, createdBy, createdAt, updatedAt
        case clientPackageId, discountId, discountAmount, nextStatuses, depositPayUrl
    }

    /// Optional fields are always present (null when unset), so clients see one shape.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(clientId, forKey: .clientId)
        try c.encode(clientName, forKey: .clientName)
        try c.encode(serviceId, forKey: .serviceId)
        try c.encode(staffId, forKey: .staffId)
        try c.encode(locationId, forKey: .locationId)
        try c.encode(roomId, forKey: .roomId)
        try c.encode(startsAt, forKey: .startsAt)
        try c.encode(endsAt, forKey: .endsAt)
        try c.encode(holdsUntil, forKey: .holdsUntil)
        try c.encode(durationMinutes, forKey: .durationMinutes)
        try c.encode(breakMinutes, forKey: .breakMinutes)
        try c.encode(price, forKey: .price)
        try c.encode(currency, forKey: .currency)
        try c.encode(status, forKey: .status)
        try c.encode(statusReason, forKey: .statusReason)
        try c.encode(depositAmount, forKey: .depositAmount)
        try c.encode(depositStatus, forKey: .depositStatus)
        try c.encode(paymentStatus, forKey: .paymentStatus)
        try c.encode(cancellationFee, forKey: .cancellationFee)
        try c.encode(source, forKey: .source)
        try c.encode(notes, forKey: .notes)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(clientPackageId, forKey: .clientPackageId)
        try c.encode(discountId, forKey: .discountId)
        try c.encode(discountAmount, forKey: .discountAmount)
        try c.encode(nextStatuses, forKey: .nextStatuses)
        try c.encodeIfPresent(depositPayUrl, forKey: .depositPayUrl)
    }
}
