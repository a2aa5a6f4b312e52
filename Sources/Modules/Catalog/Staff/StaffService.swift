import CRMCore
import Foundation
import Tenancy

/// The rules of staff records: a linked user must be a user of the same tenant and may have one
/// staff record; a staff member works at an active location (the default one unless named);
/// without a schedule of its own a new staff member works the hours of their location.
///
/// Overrides: `settings.write` changes anyone's; without it, a user changes only the overrides
/// of the staff record linked to them (a specialist's own day off); anyone else `403`.
public struct StaffService: Sendable {
    let database: Database
    let overrides: ScheduleOverridesService

    public init(database: Database) {
        self.database = database
        overrides = ScheduleOverridesService(database: database)
    }

    func staff(_ scope: TenantScope) -> StaffRepository { StaffRepository(sql: database.sql, tenantId: scope.tenantId) }

    public func member(_ id: StaffID, _ scope: TenantScope) async throws -> StaffMember {
        guard let member = try await staff(scope).find(id) else { throw AppError.notFound() }
        return member
    }

    func create(_ input: CreateStaffInput, scope: TenantScope) async throws -> StaffMember {
        var problems: [String: String] = [:]
        let name = StaffRules.name(input.name, into: &problems)
        let color = input.color.map(StaffRules.color)
        if color == .some(nil) { problems["color"] = "invalid" }
        let schedule = input.schedule.flatMap { WeeklySchedule.parse($0, field: "schedule", into: &problems) }
        let locations = LocationRepository(sql: database.sql, tenantId: scope.tenantId)
        let location = try await locations.placement(input.locationId, into: &problems)
        if let userId = input.userId { try await checkUser(userId, scope: scope, into: &problems) }
        let serviceIds = try await checkServices(input.serviceIds ?? [], scope: scope, into: &problems)
        guard problems.isEmpty, let name, let location else { throw AppError.validation(problems) }
        let now = scope.clock.now()
        return try await UniqueViolation.mapping(to: ["userId": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = staff(scope).on(sql)
                if let userId = input.userId, try await repository.linked(to: userId) != nil { throw AppError.conflict(fields: ["userId": "taken"]) }
                let assignedColor: String
                if let given = color ?? nil {
                    assignedColor = given
                } else {
                    assignedColor = StaffRules.palette[try await repository.count() % StaffRules.palette.count]
                }
                let member = StaffMember(
                    id: .random(), tenantId: scope.tenantId, name: name, userId: input.userId, color: assignedColor,
                    active: input.active ?? true, locationId: location.id, schedule: schedule ?? location.schedule, serviceIds: serviceIds,
                    createdAt: now,
                    updatedAt: now)
                try await repository.insert(member)
                let record = MutationRecord(
                    action: "staff.created", entityType: "staff", entityId: member.id.description, after: member.auditSnapshot)
                return (member, [record])
            }
        }
    }

    func update(_ id: StaffID, _ input: UpdateStaffInput, scope: TenantScope) async throws -> StaffMember {
        let before = try await member(id, scope)
        var problems: [String: String] = [:]
        var after = before
        if input.name != nil, let name = StaffRules.name(input.name, into: &problems) { after.name = name }
        if let text = input.color {
            if let color = StaffRules.color(text) { after.color = color } else { problems["color"] = "invalid" }
        }
        if let value = input.schedule, let schedule = WeeklySchedule.parse(value, field: "schedule", into: &problems) { after.schedule = schedule }
        if let active = input.active { after.active = active }
        if let locationId = input.locationId, locationId != before.locationId {
            let locations = LocationRepository(sql: database.sql, tenantId: scope.tenantId)
            if let location = try await locations.placement(locationId, into: &problems) { after.locationId = location.id }
        }
        after.userId = input.userId.applied(to: before.userId)
        if let userId = after.userId, userId != before.userId { try await checkUser(userId, scope: scope, into: &problems) }
        if let ids = input.serviceIds { after.serviceIds = try await checkServices(ids, scope: scope, into: &problems) }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
        guard !changed.isEmpty else { return before }
        let now = scope.clock.now()
        after.updatedAt = now
        return try await UniqueViolation.mapping(to: ["userId": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = staff(scope).on(sql)
                if let userId = after.userId, userId != before.userId, try await repository.linked(to: userId) != nil {
                    throw AppError.conflict(fields: ["userId": "taken"])
                }
                try await repository.update(after, servicesChanged: after.serviceIds != before.serviceIds)
                let record = MutationRecord(
                    action: "staff.updated", entityType: "staff", entityId: id.description, before: before.auditSnapshot, after: after.auditSnapshot,
                    payload: .updatePayload(after.auditSnapshot, changed: changed))
                return (after, [record])
            }
        }
    }

    /// A linked user must exist in the caller's tenant (another tenant's is as unknown as none).
    private func checkUser(_ id: UserID, scope: TenantScope, into problems: inout [String: String]) async throws {
        if try await UserRepository(sql: database.sql, tenantId: scope.tenantId).find(id) == nil { problems["userId"] = "not_found" }
    }

    /// Every id must be a service of the caller's tenant (`ServiceIdsRule`).
    private func checkServices(_ ids: [ServiceID], scope: TenantScope, into problems: inout [String: String]) async throws
        -> [ServiceID]
    {
        let services = ServicesRepository(sql: database.sql, tenantId: scope.tenantId)
        return try await ServiceIdsRule.validate(ids, existing: { try await services.existingIds($0) }, into: &problems)
    }

    // MARK: Overrides

    func listOverrides(of id: StaffID, query: ListQuery, scope: TenantScope) async throws -> Page<ScheduleOverrideDTO> {
        _ = try await member(id, scope)
        return try await overrides.list(.staff(id), query: query, scope: scope)
    }

    /// The staff member whose overrides the caller wants to change: `404` outside the tenant,
    /// `403 permission_denied` unless the caller has `settings.write` or it is their own record.
    func overridesOwner(_ id: StaffID, scope: TenantScope) async throws -> StaffMember {
        let member = try await member(id, scope)
        try Self.authorizeOverrides(of: member, scope: scope)
        return member
    }

    func addOverride(to member: StaffMember, _ input: ScheduleOverrideInput, scope: TenantScope) async throws -> ScheduleOverride {
        try await overrides.add(input, to: .staff(member.id), scope: scope)
    }

    func removeOverride(_ overrideId: ScheduleOverrideID, of member: StaffMember, scope: TenantScope) async throws {
        try await overrides.remove(overrideId, of: .staff(member.id), scope: scope)
    }

    /// `settings.write`, or the staff record is the caller's own.
    public static func authorizeOverrides(of member: StaffMember, scope: TenantScope) throws {
        if let caller = scope.userId, member.userId == caller { return }
        try scope.require(.settingsWrite)
    }
}
