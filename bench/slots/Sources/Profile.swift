import CRMCore
import Foundation
import Modules
import SQLKit

/// Where a request's time goes, measured from outside the engine: the cost of one database round
/// trip (a warm request makes six: service, staff, their services, locations, overrides, rooms),
/// and the holds query of all staff over the horizon — as production reads it (`Codable` rows with
/// snake-case key conversion) and, for comparison, the same statement decoded column by column.
struct Profile {
    let studio: Studio
    let database: Database
    let stopwatch: Stopwatch

    func run() async throws -> [Figure] {
        let interval = DateInterval(start: studio.now, end: TenantTime.startOfDay(studio.dates.last!.adding(days: 2), in: studio.zone))
        let production = AppointmentsTimeHolds(database: database)
        let expected = try await production.holds(tenant: studio.tenant.id, staffIds: studio.staffIds, roomIds: [], in: interval).count
        return [
            try await stopwatch.measure(
                "(profile) one round trip: SELECT 1", prepare: { _ in () },
                run: { try await database.sql.raw("SELECT 1 AS one").first() }, verify: { _, _, row in try check(row != nil, "SELECT 1") }),
            try await stopwatch.measure(
                "(profile) holds of \(studio.staffIds.count) staff, as read today", prepare: { _ in () },
                run: { try await production.holds(tenant: studio.tenant.id, staffIds: studio.staffIds, roomIds: [], in: interval) },
                verify: { _, _, holds in try check(holds.count == expected, "\(holds.count) holds") }),
            try await stopwatch.measure(
                "(profile) the same holds rows decoded by column", prepare: { _ in () },
                run: { try await holdsByColumn(interval) },
                verify: { _, _, holds in try check(holds == expected, "\(holds) holds decoded by column, \(expected) as read today") }),
        ].map {
            var figure = $0
            if figure.name.contains("holds") { figure.note = "\(expected) rows" }
            return figure
        }
    }

    /// `AppointmentsTimeHolds`' statement, each row read with `decode(column:as:)`.
    private func holdsByColumn(_ interval: DateInterval) async throws -> Int {
        let rows = try await database.sql.raw(
            """
            SELECT staff_id, room_id, starts_at, ends_at, holds_until FROM appointments
            WHERE tenant_id = \(bind: studio.tenant.id) AND status IN ('pending', 'deposit_required', 'confirmed', 'in_progress')
              AND starts_at < \(bind: interval.end) AND holds_until > \(bind: interval.start)
              AND staff_id IN \(SQLBind.group(studio.staffIds))
            """
        ).all()
        let holds = try rows.map { row in
            TimeHold(
                staffId: StaffID(try row.decode(column: "staff_id", as: UUID.self)),
                roomId: try row.decode(column: "room_id", as: UUID?.self).map(RoomID.init),
                start: try row.decode(column: "starts_at", as: Date.self), breakStart: try row.decode(column: "ends_at", as: Date.self),
                end: try row.decode(column: "holds_until", as: Date.self))
        }
        return holds.count
    }
}
