import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Booking
import Clients

/// `GET /dashboard`.
struct DashboardDTO: ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let id: AppointmentID
        let startsAt: String
        let endsAt: String
        let status: String
        let clientId: CustomerID
        let clientName: String
        let serviceName: String

        init(_ appointment: DayAppointment, names: Names, zone: TimeZone) {
            id = appointment.id
            startsAt = TenantTime.formatISO(appointment.startsAt, in: zone)
            endsAt = TenantTime.formatISO(appointment.endsAt, in: zone)
            status = appointment.status
            clientId = appointment.clientId
            clientName = names.clients[appointment.clientId] ?? ""
            serviceName = names.services[appointment.serviceId] ?? ""
        }
    }

    /// The names the items show, read once for all of them.
    struct Names {
        let clients: [CustomerID: String]
        let services: [ServiceID: String]
    }

    struct Column: Encodable, Sendable {
        let staffId: StaffID
        let name: String
        let color: String
        let appointments: [Item]
    }

    struct Day: Encodable, Sendable {
        let date: String
        let staff: [Column]
    }

    struct Figures: Encodable, Sendable {
        /// Net of refunds; absent without `finance.read` (and in a specialist's own view).
        let revenue: Money?
        let appointments: Int
        let bookedHours: Double
    }

    struct Week: Encodable, Sendable {
        let from: String
        let to: String
        let current: Figures
        let previous: Figures
    }

    struct Birthday: Encodable, Sendable {
        let clientId: CustomerID
        let name: String
        let birthday: String
        let date: String
        let inDays: Int

        init(_ birthday: ClientBirthday) {
            clientId = birthday.clientId
            name = birthday.name
            self.birthday = birthday.birthday.description
            date = birthday.next.description
            inDays = birthday.inDays
        }
    }

    struct Attention: Encodable, Sendable {
        /// Absent without `operations.read`.
        let openExceptions: Int?
        let exceptionsByKind: [String: Int]?
        /// Absent without `finance.read`.
        let manualPaymentsAwaitingApproval: Int?
    }

    let date: String
    let timezone: String
    let currency: String
    let days: [Day]
    let week: Week
    let birthdays: [Birthday]
    /// Absent when the caller may see neither exceptions nor money.
    let attention: Attention?

    static func empty(date: LocalDate, scope: TenantScope) -> DashboardDTO {
        let monday = date.adding(days: 1 - date.isoWeekday)
        let none = Figures(revenue: nil, appointments: 0, bookedHours: 0)
        return DashboardDTO(
            date: date.description, timezone: scope.tenant.timezone, currency: scope.tenant.currency,
            days: [Day(date: date.description, staff: []), Day(date: date.adding(days: 1).description, staff: [])],
            week: Week(from: monday.description, to: monday.adding(days: 6).description, current: none, previous: none), birthdays: [],
            attention: nil)
    }
}
