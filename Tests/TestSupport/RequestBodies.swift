import Foundation

// Request bodies the tests post, as the API reads them. Optional fields that are `nil` are left
// out of the JSON. Tests that must send malformed or oddly typed JSON keep their literals.

/// `POST /services`.
public struct NewService: Encodable, Sendable {
    public var category: String
    public var name: String
    public var basePrice: String
    public var durationMinutes: Int
    public var breakMinutes: Int?

    public init(category: String, name: String, basePrice: String, durationMinutes: Int, breakMinutes: Int? = nil) {
        self.category = category
        self.name = name
        self.basePrice = basePrice
        self.durationMinutes = durationMinutes
        self.breakMinutes = breakMinutes
    }

    /// The booking studio's service: 60 minutes plus a 15-minute break, 2500.00.
    public static let cut = NewService(category: "Hair", name: "Cut", basePrice: "2500.00", durationMinutes: 60, breakMinutes: 15)

    /// The availability studio's service, 1500.
    public static func manicure(minutes: Int = 60, breakMinutes: Int = 0) -> NewService {
        NewService(category: "Nails", name: "Manicure", basePrice: "1500", durationMinutes: minutes, breakMinutes: breakMinutes)
    }
}

/// A weekly schedule: ISO weekday (`"1"` Monday … `"7"` Sunday) → `[["HH:MM","HH:MM"], …]`.
public typealias WeeklyHours = [String: [[String]]]

/// The same intervals every day of the week.
public func everyDay(_ intervals: [[String]]) -> WeeklyHours {
    Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", intervals) })
}

/// `POST /staff`.
public struct NewStaff: Encodable, Sendable {
    public var name: String
    public var schedule: WeeklyHours?
    public var serviceIds: [String]
    public var userId: String?

    public init(name: String, schedule: WeeklyHours? = nil, serviceIds: [String], userId: String? = nil) {
        self.name = name
        self.schedule = schedule
        self.serviceIds = serviceIds
        self.userId = userId
    }
}

/// `POST /rooms`.
public struct NewRoom: Encodable, Sendable {
    public var name: String
    public var locationId: String?
    public var serviceIds: [String]

    public init(name: String, locationId: String? = nil, serviceIds: [String]) {
        self.name = name
        self.locationId = locationId
        self.serviceIds = serviceIds
    }
}

/// `POST /clients`.
public struct NewClient: Encodable, Sendable {
    public var name: String
    public var phone: String?
    public var email: String?
    public var tags: [String]?
    public var loyaltyLevel: String?
    public var birthday: String?
    public var locale: String?

    public init(
        name: String, phone: String? = nil, email: String? = nil, tags: [String]? = nil, loyaltyLevel: String? = nil, birthday: String? = nil,
        locale: String? = nil
    ) {
        self.name = name
        self.phone = phone
        self.email = email
        self.tags = tags
        self.loyaltyLevel = loyaltyLevel
        self.birthday = birthday
        self.locale = locale
    }
}

/// `POST /invoices`: free-text items.
public struct NewInvoice: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        public var description: String
        public var unitPrice: String

        public init(description: String, unitPrice: String) {
            self.description = description
            self.unitPrice = unitPrice
        }
    }

    public var clientId: String
    public var items: [Item]

    public init(clientId: String, items: [Item]) {
        self.clientId = clientId
        self.items = items
    }
}

/// `POST /appointments`; `startsAt` is a wall time in the studio's zone (`2026-06-02T10:00:00`).
public struct NewAppointment: Encodable, Sendable {
    public var clientId: String
    public var serviceId: String
    public var staffId: String
    public var startsAt: String
    public var roomId: String?
    public var notes: String?
    public var source: String?

    public init(
        clientId: String, serviceId: String, staffId: String, startsAt: String, roomId: String? = nil, notes: String? = nil, source: String? = nil
    ) {
        self.clientId = clientId
        self.serviceId = serviceId
        self.staffId = staffId
        self.startsAt = startsAt
        self.roomId = roomId
        self.notes = notes
        self.source = source
    }
}

/// `POST /payments`.
public struct NewPayment: Encodable, Sendable {
    public var invoiceId: String
    public var amount: String?
    public var capture: Bool?

    public init(invoiceId: String, amount: String? = nil, capture: Bool? = nil) {
        self.invoiceId = invoiceId
        self.amount = amount
        self.capture = capture
    }
}

/// `POST /payments/{id}/refunds`.
public struct NewRefund: Encodable, Sendable {
    public var amount: String

    public init(amount: String) { self.amount = amount }
}

/// `POST /appointments/{id}/reschedule`.
public struct RescheduleBody: Encodable, Sendable {
    public var startsAt: String
    public var staffId: String?
    public var roomId: String?

    public init(startsAt: String, staffId: String? = nil, roomId: String? = nil) {
        self.startsAt = startsAt
        self.staffId = staffId
        self.roomId = roomId
    }
}
