import CRMCore
import Foundation
import SQLKit

/// What the slot engine reads of one tenant's catalog — staff with their hours, their location's
/// hours and the overrides of both, and the rooms that host a service — in a few queries.
public struct CatalogAvailabilityRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    private struct StaffRow: Decodable {
        let id: StaffID
        let userId: UserID?
        let active: Bool
        let locationId: LocationID
        let schedule: String
    }

    private struct LocationRow: Decodable {
        let id: LocationID
        let active: Bool
        let schedule: String
    }

    /// Staff members (`ids`, or when nil everyone linked to `service`) on `dates`.
    public func staff(_ ids: [StaffID]?, performing service: ServiceID, dates: ClosedRange<LocalDate>) async throws -> [StaffAvailability] {
        let select = sql.select().columns("id", "user_id", "active", "location_id", "schedule").from("staff")
            .where("tenant_id", .equal, SQLBind(tenantId))
        if let ids {
            guard !ids.isEmpty else { return [] }
            select.where("id", .in, ids.map(\.uuid))
        } else {
            select.where(ServiceLinks(sql: sql, tenantId: tenantId, table: .staff).ownersLinked(to: service))
        }
        let rows = try await select.orderBy("id").all(decoding: StaffRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard !rows.isEmpty else { return [] }
        let locationIds = Array(Set(rows.map(\.locationId)))
        // Three independent reads, in parallel.
        async let loadedLinks = ServiceLinks(sql: sql, tenantId: tenantId, table: .staff).serviceIds(of: rows.map(\.id.uuid))
        async let loadedLocations = sql.select().columns("id", "active", "schedule").from("locations")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .in, locationIds.map(\.uuid))
            .all(decoding: LocationRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        async let loadedOverrides = self.overrides(staff: rows.map(\.id), locations: locationIds, dates: dates)
        let (links, locations, overrides) = try await (loadedLinks, loadedLocations, loadedOverrides)
        var places: [LocationID: (active: Bool, schedule: WeeklySchedule)] = [:]
        for location in locations { places[location.id] = (location.active, try WeeklySchedule.stored(location.schedule)) }
        return try rows.map { row in
            let place = places[row.locationId]
            return StaffAvailability(
                staffId: row.id, userId: row.userId, active: row.active, locationId: row.locationId, locationActive: place?.active ?? false,
                schedule: try WeeklySchedule.stored(row.schedule), locationSchedule: place?.schedule ?? .closed,
                serviceIds: Set(links[row.id.uuid] ?? []), overrides: Self.byDate(overrides, .staff(row.id)),
                locationOverrides: Self.byDate(overrides, .location(row.locationId)))
        }
    }

    private static func byDate(_ overrides: [ScheduleOverride], _ owner: ScheduleOwner) -> [LocalDate: [ScheduleOverride]] {
        Dictionary(grouping: overrides.filter { $0.owner == owner }, by: \.date)
    }

    /// Every override of the staff members and locations on `dates`, in one query.
    private func overrides(staff: [StaffID], locations: [LocationID], dates: ClosedRange<LocalDate>) async throws -> [ScheduleOverride] {
        let select = sql.select().columns(ScheduleOverrideRepository.columns.map { SQLColumn($0) }).from("schedule_overrides")
            .where("tenant_id", .equal, SQLBind(tenantId))
            // ISO dates compare correctly as text.
            .where("local_date", .greaterThanOrEqual, SQLBind(dates.lowerBound.description))
            .where("local_date", .lessThanOrEqual, SQLBind(dates.upperBound.description))
            .where { group in
                group.where("staff_id", .in, staff.map(\.uuid))
                if !locations.isEmpty { group.orWhere("location_id", .in, locations.map(\.uuid)) }
                return group
            }
        return try await select.all(decoding: ScheduleOverrideRepository.Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { try $0.override() }
    }

    private struct RoomRow: Decodable {
        let id: RoomID
        let locationId: LocationID
    }

    /// The active rooms that can host `service` (`room_services`), wherever they are.
    public func rooms(hosting service: ServiceID) async throws -> [RoomPlace] {
        try await sql.select().columns("id", "location_id").from("rooms").where("tenant_id", .equal, SQLBind(tenantId))
            .where("active", .equal, SQLBind(true))
            .where(ServiceLinks(sql: sql, tenantId: tenantId, table: .rooms).ownersLinked(to: service))
            .orderBy("id").all(decoding: RoomRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { RoomPlace(roomId: $0.id, locationId: $0.locationId) }
    }
}
