import CRMCore
import Foundation
import Tenancy

/// The rules of a tenant's locations. Exactly one is the default (created with the tenant);
/// it cannot be deactivated or stop being the default except by making another location the
/// default. A location with active staff or rooms cannot be deactivated.
public struct LocationsService: Sendable {
    let database: Database
    let overrides: ScheduleOverridesService

    public init(database: Database) {
        self.database = database
        overrides = ScheduleOverridesService(database: database)
    }

    func locations(_ scope: TenantScope) -> LocationRepository { LocationRepository(sql: database.sql, tenantId: scope.tenantId) }

    func location(_ id: LocationID, _ scope: TenantScope) async throws -> Location {
        guard let location = try await locations(scope).find(id) else { throw AppError.notFound() }
        return location
    }

    /// Hours a new location gets when the request names none: every day 09:00–21:00, the same
    /// as the default location's (`TenantDefaultLocation.scheduleJSON`; a test keeps them equal).
    static let defaultSchedule = WeeklySchedule(
        Dictionary(uniqueKeysWithValues: WeeklySchedule.weekdays.map { ($0, [MinuteRange(start: 9 * 60, end: 21 * 60)!]) }))

    func create(_ input: CreateLocationInput, scope: TenantScope) async throws -> Location {
        var problems: [String: String] = [:]
        let name = PlaceRules.name(input.name, into: &problems)
        let address = PlaceRules.optionalText(input.address, field: "address", maxLength: PlaceRules.maxAddressLength, into: &problems)
        let phone = PlaceRules.phone(input.phone, into: &problems)
        let schedule = input.schedule.map { WeeklySchedule.parse($0, field: "schedule", into: &problems) } ?? Self.defaultSchedule
        guard problems.isEmpty, let name, let schedule else { throw AppError.validation(problems) }
        let now = scope.clock.now()
        let location = Location(
            id: .random(), tenantId: scope.tenantId, name: name, address: address, phone: phone, schedule: schedule,
            active: input.active ?? true, isDefault: false, createdAt: now, updatedAt: now)
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = locations(scope).on(sql)
                if try await repository.nameIsTaken(name) { throw AppError.conflict(fields: ["name": "taken"]) }
                try await repository.insert(location)
                let record = MutationRecord(
                    action: "location.created", entityType: "location", entityId: location.id.description, after: location.auditSnapshot)
                return (location, [record])
            }
        }
    }

    func update(_ id: LocationID, _ input: UpdateLocationInput, scope: TenantScope) async throws -> Location {
        let before = try await location(id, scope)
        var problems: [String: String] = [:]
        var after = before
        if input.name != nil, let name = PlaceRules.name(input.name, into: &problems) { after.name = name }
        after.address = PlaceRules.optionalText(
            input.address.applied(to: before.address), field: "address", maxLength: PlaceRules.maxAddressLength, into: &problems)
        after.phone = PlaceRules.phone(input.phone.applied(to: before.phone), into: &problems)
        if let value = input.schedule, let schedule = WeeklySchedule.parse(value, field: "schedule", into: &problems) { after.schedule = schedule }
        if let active = input.active { after.active = active }
        if let isDefault = input.isDefault { after.isDefault = isDefault }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        if before.isDefault, !after.isDefault { throw AppError.conflict("location_is_default") }
        if after.isDefault, !after.active { throw AppError.conflict(before.isDefault ? "location_is_default" : "location_inactive") }
        let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
        guard !changed.isEmpty else { return before }
        let now = scope.clock.now()
        after.updatedAt = now
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = locations(scope).on(sql)
                if after.name != before.name, try await repository.nameIsTaken(after.name, except: id) {
                    throw AppError.conflict(fields: ["name": "taken"])
                }
                if before.active, !after.active {
                    let members = try await repository.activeMembers(of: id)
                    if members.staff > 0 || members.rooms > 0 {
                        throw AppError.conflict(
                            "location_in_use", details: ["staff": .int(Int64(members.staff)), "rooms": .int(Int64(members.rooms))])
                    }
                }
                var records: [MutationRecord] = []
                if after.isDefault, !before.isDefault, var previous = try await repository.defaultLocation() {
                    // The one-default index allows no moment with two: clear the old one first.
                    let previousBefore = previous
                    previous.isDefault = false
                    previous.updatedAt = now
                    try await repository.update(previous)
                    records.append(Self.updated(previousBefore, previous))
                }
                try await repository.update(after)
                records.append(Self.updated(before, after))
                return (after, records)
            }
        }
    }

    static func updated(_ before: Location, _ after: Location) -> MutationRecord {
        MutationRecord(
            action: "location.updated", entityType: "location", entityId: after.id.description, before: before.auditSnapshot,
            after: after.auditSnapshot,
            payload: .updatePayload(after.auditSnapshot, changed: JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)))
    }

    // MARK: Overrides (settings.write on the route)

    func listOverrides(of id: LocationID, query: ListQuery, scope: TenantScope) async throws -> Page<ScheduleOverrideDTO> {
        _ = try await location(id, scope)
        return try await overrides.list(.location(id), query: query, scope: scope)
    }

    func addOverride(to location: Location, _ input: ScheduleOverrideInput, scope: TenantScope) async throws -> ScheduleOverride {
        try await overrides.add(input, to: .location(location.id), scope: scope)
    }

    func removeOverride(_ overrideId: ScheduleOverrideID, of location: Location, scope: TenantScope) async throws {
        try await overrides.remove(overrideId, of: .location(location.id), scope: scope)
    }
}
