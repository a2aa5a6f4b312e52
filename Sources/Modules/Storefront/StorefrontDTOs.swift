import CRMCore
import Foundation
import Hummingbird
import Booking
import Catalog
import Tenancy

/// The studio's card: who, where, when, in which zone, currency and language.
struct StorefrontCardDTO: ResponseEncodable, Sendable {
    struct Place: Encodable, Sendable {
        let id: LocationID
        let name: String
        let address: String?
        let phone: String?
        /// ISO weekday → `[["HH:MM","HH:MM"], …]`, as the locations API shows it.
        let hours: JSONValue
    }

    /// The studio's colours and logo (`storefront.branding`): nulls when unset or not on the plan.
    struct Branding: Encodable, Sendable {
        let logoUrl: String?
        let primaryColor: String?
        let accentColor: String?

        static let none = Branding(logoUrl: nil, primaryColor: nil, accentColor: nil)

        enum CodingKeys: String, CodingKey { case logoUrl, primaryColor, accentColor }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(logoUrl, forKey: .logoUrl)
            try c.encode(primaryColor, forKey: .primaryColor)
            try c.encode(accentColor, forKey: .accentColor)
        }
    }

    /// The captcha the page must show before booking (nil: none).
    struct Captcha: Encodable, Sendable {
        let provider: String
        let siteKey: String
    }

    let name: String
    let slug: String
    let timezone: String
    let currency: String
    let locale: AppLocale
    let locations: [Place]
    let branding: Branding
    let captcha: Captcha?

    enum CodingKeys: String, CodingKey { case name, slug, timezone, currency, locale, locations, branding, captcha }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(slug, forKey: .slug)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(currency, forKey: .currency)
        try c.encode(locale, forKey: .locale)
        try c.encode(locations, forKey: .locations)
        try c.encode(branding, forKey: .branding)
        try c.encode(captcha, forKey: .captcha)
    }
}

/// Online-bookable services by category.
struct StorefrontServicesDTO: ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let id: ServiceID
        let name: String
        let description: String?
        let price: Money
        let durationMinutes: Int
    }
    struct Category: Encodable, Sendable {
        let name: String
        let services: [Item]
    }
    let categories: [Category]
}

struct StorefrontStaffDTO: ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let id: StaffID
        let name: String
        let color: String
    }
    let items: [Item]
}

/// Offered starts per local date, each with the staff members who can take it.
struct StorefrontSlotsDTO: ResponseEncodable, Sendable {
    struct Start: Encodable, Sendable {
        let startsAt: String
        let staffIds: [StaffID]
    }
    struct Day: Encodable, Sendable {
        let date: String
        let starts: [Start]
    }
    let serviceId: ServiceID
    let timezone: String
    let days: [Day]
}

/// A booking as its client sees it (no internal fields).
struct StorefrontAppointmentDTO: Encodable, Sendable {
    let id: AppointmentID
    let status: AppointmentStatus
    let startsAt: String
    let endsAt: String
    /// The ids the manage page moves the booking with (the same service and staff member).
    let serviceId: ServiceID
    let staffId: StaffID
    let serviceName: String
    let staffName: String
    let price: Money
    let currency: String?
    let depositAmount: Money?
    let depositStatus: DepositStatus

    init(_ a: Appointment, serviceName: String, staffName: String, timeZone: TimeZone) {
        id = a.id
        status = a.status
        startsAt = TenantTime.formatISO(a.startsAt, in: timeZone)
        endsAt = TenantTime.formatISO(a.endsAt, in: timeZone)
        serviceId = a.serviceId
        staffId = a.staffId
        self.serviceName = serviceName
        self.staffName = staffName
        price = a.price
        currency = a.currency
        depositAmount = a.depositAmount
        depositStatus = a.depositStatus
    }
}

/// The answer to `POST book`: the booking, where to pay a deposit that is due, and the
/// client's link to manage it.
struct BookedAnswer: ResponseEncodable, Sendable {
    let appointment: StorefrontAppointmentDTO
    let payUrl: String?
    let manageToken: String
    let manageUrl: String

    init(appointment: Appointment, serviceName: String, staffName: String, payURL: String?, manageToken: String, manageURL: String, timeZone: TimeZone) {
        self.appointment = StorefrontAppointmentDTO(appointment, serviceName: serviceName, staffName: staffName, timeZone: timeZone)
        payUrl = payURL
        self.manageToken = manageToken
        manageUrl = manageURL
    }
}

/// The client's own booking behind the manage link, with what they may still do.
struct ManagedAnswer: ResponseEncodable, Sendable {
    let appointment: StorefrontAppointmentDTO
    let canCancel: Bool
    let canReschedule: Bool
    /// What cancelling now would cost (null: nothing).
    let cancellationFee: Money?
    let cancellationWindowHours: Int
    let payUrl: String?

    init(
        appointment: Appointment, serviceName: String, staffName: String, canCancel: Bool, canReschedule: Bool, cancellationFee: Money?,
        cancellationWindowHours: Int, payURL: String?, timeZone: TimeZone
    ) {
        self.appointment = StorefrontAppointmentDTO(appointment, serviceName: serviceName, staffName: staffName, timeZone: timeZone)
        self.canCancel = canCancel
        self.canReschedule = canReschedule
        self.cancellationFee = cancellationFee
        self.cancellationWindowHours = cancellationWindowHours
        payUrl = payURL
    }

    enum CodingKeys: String, CodingKey { case appointment, canCancel, canReschedule, cancellationFee, cancellationWindowHours, payUrl }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointment, forKey: .appointment)
        try c.encode(canCancel, forKey: .canCancel)
        try c.encode(canReschedule, forKey: .canReschedule)
        try c.encode(cancellationFee, forKey: .cancellationFee)
        try c.encode(cancellationWindowHours, forKey: .cancellationWindowHours)
        try c.encode(payUrl, forKey: .payUrl)
    }
}
