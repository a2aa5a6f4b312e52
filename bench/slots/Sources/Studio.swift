import CRMCore
import Foundation
import Plans
import SQLKit
import Tenancy

/// The benchmark studio (issue 5): one tenant registered through `TenantProvisioning`, its default
/// location open Mon–Sat 09:00–21:00, a 60 + 15 minute service every staff member performs (and a
/// second one half of them do), `staff` staff members working the location's hours, 50 clients.
/// Everything but the tenant is created through the API's routes, in process.
struct Studio {
    static let zoneName = "Europe/London"
    static let openMinutes = 12 * 60
    static let serviceMinutes = 60
    static let breakMinutes = 15

    var tenant: Tenant
    let owner: User
    let token: String
    let tokenId: UUID
    let zone: TimeZone
    let serviceId: ServiceID
    let staffIds: [StaffID]
    let clientIds: [CustomerID]
    /// The bench's "now": the first instant of `dates.first` (tomorrow), so every date is bookable and in the horizon.
    let now: Date
    /// The local dates measured (the horizon: `now`'s date and the 59 after it).
    let dates: [LocalDate]

    var workingDates: [LocalDate] { dates.filter { $0.isoWeekday != 7 } }
    var from: Date { now }
    var to: Date { TenantTime.endOfDay(dates.last!, in: zone).addingTimeInterval(-1) }

    static func weekly(_ hours: String, days: ClosedRange<Int>) -> String {
        "{" + (1...7).map { "\"\($0)\":" + (days.contains($0) ? hours : "[]") }.joined(separator: ",") + "}"
    }

    static func seed(api: InProcessAPI, database: Database, options: BenchOptions) async throws -> Studio {
        let zone = TenantTime.zone(named: zoneName)!
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var (tenant, owner) = try await TenantProvisioning(
            database: database, defaults: .init(timezone: zoneName, locale: .en, currency: "RUB"), bcryptCost: 10
        ).create(
            .init(
                name: "Bench studio \(suffix)", slug: "bench-\(suffix)", timezone: zoneName, locale: .en, ownerName: "Owner",
                ownerEmail: "owner-\(suffix)@example.test", ownerPassword: "correct horse battery"),
            now: Date())
        try await database.sql.raw("UPDATE tenants SET plan = \(bind: Plan.imperium.rawValue) WHERE id = \(bind: tenant.id)").run()
        tenant.plan = .imperium
        let (token, secret) = try await AccessTokenStore(sql: database.sql, tenantId: tenant.id, userId: owner.id)
            .create(name: "bench", expiresAt: nil, now: Date())

        let first = TenantTime.localDate(of: Date(), in: zone).adding(days: 1)
        let dates = (0..<options.days).map { first.adding(days: $0) }

        struct Row: Decodable {
            let id: String
            let isDefault: Bool?
        }
        struct Page: Decodable { let items: [Row] }
        let locations = try await api.ok(.get, "/api/v1/locations", token: secret).decoded(Page.self)
        guard let location = locations.items.first(where: { $0.isDefault == true }) else { throw BenchFailure("no default location") }
        let hours = weekly(#"[["09:00","21:00"]]"#, days: 1...6)
        _ = try await api.ok(.patch, "/api/v1/locations/\(location.id)", token: secret, json: #"{"schedule":\#(hours)}"#)

        let service = try await api.ok(
            .post, "/api/v1/services", token: secret,
            json: #"{"category":"Hair","name":"Haircut","basePrice":1500,"durationMinutes":\#(serviceMinutes),"breakMinutes":\#(breakMinutes)}"#
        ).decoded(Row.self).id
        let colour = try await api.ok(
            .post, "/api/v1/services", token: secret,
            json: #"{"category":"Hair","name":"Colour","basePrice":4000,"durationMinutes":90,"breakMinutes":15}"#
        ).decoded(Row.self).id

        var staffIds: [StaffID] = []
        for index in 0..<options.staff {
            let services = index.isMultiple(of: 2) ? #"["\#(service)","\#(colour)"]"# : #"["\#(service)"]"#
            let id = try await api.ok(
                .post, "/api/v1/staff", token: secret,
                json: #"{"name":"Staff \#(index + 1)","schedule":\#(hours),"serviceIds":\#(services)}"#
            ).decoded(Row.self).id
            staffIds.append(StaffID(UUID(uuidString: id)!))
        }
        var clientIds: [CustomerID] = []
        for index in 0..<50 {
            let id = try await api.ok(.post, "/api/v1/clients", token: secret, json: #"{"name":"Client \#(index + 1)"}"#).decoded(Row.self).id
            clientIds.append(CustomerID(UUID(uuidString: id)!))
        }
        return Studio(
            tenant: tenant, owner: owner, token: secret, tokenId: token.id, zone: zone, serviceId: ServiceID(UUID(uuidString: service)!),
            staffIds: staffIds, clientIds: clientIds, now: TenantTime.startOfDay(first, in: zone), dates: dates)
    }

    /// One booking of the plan: a staff member, a client and a tenant-local start.
    struct Booking: Sendable {
        let staffId: StaffID
        let clientId: CustomerID
        let startsAt: LocalDateTime
        /// The last ones of each day are booked by the concurrent run.
        let concurrent: Bool

        func json(serviceId: ServiceID) -> Data {
            Data(
                #"{"clientId":"\#(clientId)","serviceId":"\#(serviceId)","staffId":"\#(staffId)","startsAt":"\#(startsAt)"}"#.utf8)
        }
    }

    /// `perDay` back-to-back bookings (75 minutes each with the break) per staff member and working
    /// day, with the day's one free stretch (720 − 75 × perDay minutes) at a position that varies
    /// with staff and date. The last `concurrentPerDay` of each day go to the concurrent run.
    func bookings(perDay: Int, concurrentPerDay: Int) -> [Booking] {
        var plan: [Booking] = []
        let step = Self.serviceMinutes + Self.breakMinutes
        let gap = Self.openMinutes - perDay * step
        for (staffIndex, staffId) in staffIds.enumerated() {
            for date in workingDates {
                let gapBefore = (staffIndex * 7 + date.daysSinceEpoch * 3) % (perDay + 1)
                var minute = 9 * 60
                for slot in 0..<perDay {
                    if slot == gapBefore { minute += gap }
                    let time = LocalTimeOfDay(hour: minute / 60, minute: minute % 60)!
                    plan.append(
                        Booking(
                            staffId: staffId, clientId: clientIds[plan.count % clientIds.count],
                            startsAt: LocalDateTime(date: date, time: time), concurrent: slot >= perDay - concurrentPerDay))
                    minute += step
                }
            }
        }
        return plan
    }

    /// Starts a fully booked working day offers: the free stretch fits the service and its break this many times.
    func expectedStartsPerWorkingDay(perDay: Int) -> Int {
        let gap = Self.openMinutes - perDay * (Self.serviceMinutes + Self.breakMinutes)
        let cells = (Self.serviceMinutes + Self.breakMinutes + 14) / 15 * 15
        return gap >= cells ? (gap - cells) / 15 + 1 : 0
    }
}
