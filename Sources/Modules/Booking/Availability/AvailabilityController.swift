import CRMCore
import Foundation
import Hummingbird
import Plans
import Tenancy

/// `/availability`: free starts of a service (`slots`) and why a start is not one (`explain`).
/// Reads only free and busy time, never whose: everyone who sees the calendar may ask about any
/// staff member, specialists included (the storefront publishes the same starts to anyone).
public struct AvailabilityController: Sendable {
    let service: AvailabilityService

    public init(service: AvailabilityService) {
        self.service = service
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("availability/slots", .needs(.appointmentsRead, feature: .calendar), use: slots)
        routes.get("availability/explain", .needs(.appointmentsRead, feature: .calendar), use: explain)
    }

    /// Without `to`, a week from `from`.
    static let defaultDays = 7

    @Sendable func slots(_ request: Request, context: TenantRequestContext) async throws -> SlotsDTO {
        let zone = context.timeZone
        let now = context.clock.now()
        var query = AvailabilityQuery(request)
        let serviceId = query.id("serviceId", required: true).map(ServiceID.init)
        let staffId = query.id("staffId", required: false).map(StaffID.init)
        let from = query.moment("from", zone: zone, dayEnd: false) ?? now
        let to =
            query.moment("to", zone: zone, dayEnd: true)
            ?? TenantTime.endOfDay(TenantTime.localDate(of: from, in: zone).adding(days: Self.defaultDays - 1), in: zone).addingTimeInterval(-1)
        if query.problems["from"] == nil && query.problems["to"] == nil && to < from { query.problems["to"] = "before_from" }
        guard query.problems.isEmpty, let serviceId else { throw AppError.validation(query.problems) }
        let answer = try await service.slots(
            serviceId: serviceId, staffId: staffId, window: .init(from: from, to: to),
            scope: .init(tenantId: context.tenantId, zone: zone, now: now))
        return SlotsDTO(answer, zone: zone)
    }

    @Sendable func explain(_ request: Request, context: TenantRequestContext) async throws -> ExplanationDTO {
        let zone = context.timeZone
        var query = AvailabilityQuery(request)
        let serviceId = query.id("serviceId", required: true).map(ServiceID.init)
        let staffId = query.id("staffId", required: true).map(StaffID.init)
        let moment = query.at("at", zone: zone)
        guard query.problems.isEmpty, let serviceId, let staffId, let moment else { throw AppError.validation(query.problems) }
        let explanation = try await service.explain(
            serviceId: serviceId, staffId: staffId, at: moment, scope: .init(tenantId: context.tenantId, zone: zone, now: context.clock.now()))
        return ExplanationDTO(
            serviceId: serviceId, staffId: staffId, at: explanation.at.map { TenantTime.formatISO($0, in: zone) },
            offered: explanation.reasons.isEmpty, reasons: explanation.reasons)
    }
}

/// Query parameters of the availability routes, collecting every problem.
struct AvailabilityQuery {
    let values: [String: String]
    var problems: [String: String] = [:]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (name, value) in request.decodedQuery.pairs { values[name] = value }
        self.values = values
    }

    mutating func id(_ name: String, required: Bool) -> UUID? {
        guard let text = values[name], !text.isEmpty else {
            if required { problems[name] = "required" }
            return nil
        }
        guard let id = UUID(uuidString: text) else {
            problems[name] = "invalid"
            return nil
        }
        return id
    }

    /// A local date (`YYYY-MM-DD`: its first instant, or with `dayEnd` its last second) or an ISO
    /// datetime (without offset: the tenant's wall time).
    mutating func moment(_ name: String, zone: TimeZone, dayEnd: Bool) -> Date? {
        guard let text = values[name], !text.isEmpty else { return nil }
        if let date = LocalDate(iso: text) {
            return dayEnd ? TenantTime.endOfDay(date, in: zone).addingTimeInterval(-1) : TenantTime.startOfDay(date, in: zone)
        }
        do {
            return try TenantTime.parseISO(text, in: zone)
        } catch {
            problems[name] = error.problemCode
            return nil
        }
    }

    /// `at` of `explain`: a datetime; a wall time in a DST gap is a question with an answer.
    mutating func at(_ name: String, zone: TimeZone) -> AvailabilityService.Moment? {
        guard let text = values[name], !text.isEmpty else {
            problems[name] = "required"
            return nil
        }
        do {
            return .instant(try TenantTime.parseISO(text, in: zone))
        } catch .nonexistentLocalTime {
            guard let local = LocalDateTime(iso: text) else { return nil }
            return .nonexistent(local)
        } catch {
            problems[name] = error.problemCode
            return nil
        }
    }
}

struct SlotsDTO: Encodable, Sendable, ResponseEncodable {
    struct Day: Encodable, Sendable {
        let date: LocalDate
        let starts: [String]
    }

    struct Staff: Encodable, Sendable {
        let staffId: StaffID
        let days: [Day]
    }

    let serviceId: ServiceID
    let timeZone: String
    let from: String
    let to: String
    let durationMinutes: Int
    let breakMinutes: Int
    /// Duration + break rounded up to the 15-minute grid: how long the staff member is held.
    let slotMinutes: Int
    let staff: [Staff]

    init(_ answer: AvailabilityService.SlotsAnswer, zone: TimeZone) {
        serviceId = answer.service.serviceId
        timeZone = zone.identifier
        from = TenantTime.formatISO(answer.from, in: zone)
        to = TenantTime.formatISO(answer.to, in: zone)
        durationMinutes = answer.service.durationMinutes
        breakMinutes = answer.service.breakMinutes
        slotMinutes = answer.service.cells * DayGrid.cellMinutes
        staff = answer.staff.map { member in
            Staff(
                staffId: member.staffId,
                days: member.days.map { Day(date: $0.date, starts: $0.starts.map { TenantTime.formatISO($0, in: zone) }) })
        }
    }
}

struct ExplanationDTO: Encodable, Sendable, ResponseEncodable {
    let serviceId: ServiceID
    let staffId: StaffID
    /// The start asked about, in the tenant's zone; null for a wall time that does not exist.
    let at: String?
    let offered: Bool
    let reasons: [AvailabilityReason]
}
