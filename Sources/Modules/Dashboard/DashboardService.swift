import CRMCore
import Foundation
import Tenancy
import Booking
import Billing
import Catalog
import Clients
import Operations

/// The home screen in one request (`GET /dashboard`), all in the studio's time zone: today's and
/// tomorrow's appointments per staff member, the week's revenue and booked hours beside last
/// week's, birthdays of the next two weeks, and what waits for the operator. Money needs
/// `finance.read` (absent otherwise); a specialist sees only their own column and figures.
public struct DashboardService: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let birthdayDays = 14

    func overview(on date: LocalDate, scope: TenantScope) async throws -> DashboardDTO {
        let sql = database.sql
        let zone = scope.timeZone
        let catalog = CatalogDirectory(sql: sql, tenantId: scope.tenantId)
        var own: StaffID?
        if case .ownedBy(let user) = scope.recordScope {
            // A specialist without a staff record has an empty dashboard, never everyone's.
            guard let member = try await catalog.staffMember(linkedTo: user) else { return .empty(date: date, scope: scope) }
            own = member.id
        }
        let staff = try await catalog.activeStaff().filter { own == nil || $0.id == own }
        let appointments = AppointmentDirectory(sql: sql, tenantId: scope.tenantId)
        // Both days in one read, and the names of who and what in one read each.
        let items = try await appointments.overview(
            from: TenantTime.startOfDay(date, in: zone), to: TenantTime.startOfDay(date.adding(days: 2), in: zone), staff: own)
        let names = DashboardDTO.Names(
            clients: try await ClientDirectory(sql: sql).names(items.map(\.clientId), tenant: scope.tenantId),
            services: try await catalog.serviceNames(items.map(\.serviceId)))
        let days = [date, date.adding(days: 1)].map { day in
            let end = TenantTime.startOfDay(day.adding(days: 1), in: zone)
            let start = TenantTime.startOfDay(day, in: zone)
            return DashboardDTO.Day(
                date: day.description,
                staff: staff.map { member in
                    DashboardDTO.Column(
                        staffId: member.id, name: member.name, color: member.color,
                        appointments: items.filter { $0.staffId == member.id && $0.startsAt >= start && $0.startsAt < end }.map {
                            DashboardDTO.Item($0, names: names, zone: zone)
                        })
                })
        }
        // The ISO week (Monday to Sunday) holding the date, and the one before.
        let monday = date.adding(days: 1 - date.isoWeekday)
        let week = try await figures(from: monday, staff: own, scope: scope)
        let previous = try await figures(from: monday.adding(days: -7), staff: own, scope: scope)
        let canSeeMoney = (try? scope.require(.financeRead)) != nil
        let openExceptions = try await OperatorExceptions.openCounts(tenant: scope.tenantId, on: sql)
        let canSeeOperations = (try? scope.require(.operationsRead)) != nil
        let birthdays = (try? scope.require(.clientsRead)) != nil
            ? try await ClientDirectory(sql: sql).birthdays(tenant: scope.tenantId, from: date, days: Self.birthdayDays) : []
        return DashboardDTO(
            date: date.description, timezone: scope.tenant.timezone, currency: scope.tenant.currency, days: days,
            week: DashboardDTO.Week(
                from: monday.description, to: monday.adding(days: 6).description, current: week.dto(money: canSeeMoney),
                previous: previous.dto(money: canSeeMoney)),
            birthdays: birthdays.map(DashboardDTO.Birthday.init),
            attention: canSeeOperations || canSeeMoney
                ? DashboardDTO.Attention(
                    openExceptions: canSeeOperations ? openExceptions.values.reduce(0, +) : nil, exceptionsByKind: canSeeOperations ? openExceptions : nil,
                    manualPaymentsAwaitingApproval: canSeeMoney ? try await PaymentTotals(sql: sql, tenantId: scope.tenantId).manualAwaitingApproval() : nil)
                : nil)
    }

    struct Figures {
        let revenue: Money
        let appointments: Int
        let minutes: Int

        func dto(money: Bool) -> DashboardDTO.Figures {
            DashboardDTO.Figures(revenue: money ? revenue : nil, appointments: appointments, bookedHours: Double(minutes) / 60)
        }
    }

    /// One week from `monday`: money received (net of refunds), appointments booked and their hours.
    func figures(from monday: LocalDate, staff: StaffID?, scope: TenantScope) async throws -> Figures {
        let from = TenantTime.startOfDay(monday, in: scope.timeZone)
        let to = TenantTime.startOfDay(monday.adding(days: 7), in: scope.timeZone)
        let booked = try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).booked(from: from, to: to, staff: staff)
        // A specialist's own week has no studio revenue: it is not theirs to see.
        let revenue = staff == nil ? try await PaymentTotals(sql: database.sql, tenantId: scope.tenantId).netReceived(from: from, to: to) : .zero
        return Figures(revenue: revenue, appointments: booked.count, minutes: booked.minutes)
    }
}
