import CRMCore
import Foundation
import Tenancy

/// The rules of rooms: each belongs to an active location of the tenant (the default one unless
/// named), with a name unique within that location.
public struct RoomsService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    func rooms(_ scope: TenantScope) -> RoomRepository { RoomRepository(sql: database.sql, tenantId: scope.tenantId) }

    func room(_ id: RoomID, _ scope: TenantScope) async throws -> Room {
        guard let room = try await rooms(scope).find(id) else { throw AppError.notFound() }
        return room
    }

    func create(_ input: CreateRoomInput, scope: TenantScope) async throws -> Room {
        var problems: [String: String] = [:]
        let name = PlaceRules.name(input.name, into: &problems)
        let location = try await LocationRepository(sql: database.sql, tenantId: scope.tenantId).placement(input.locationId, into: &problems)
        let serviceIds = try await checkServices(input.serviceIds ?? [], scope: scope, into: &problems)
        guard problems.isEmpty, let name, let location else { throw AppError.validation(problems) }
        let now = scope.clock.now()
        let room = Room(
            id: .random(), tenantId: scope.tenantId, name: name, locationId: location.id, active: input.active ?? true, serviceIds: serviceIds,
            createdAt: now,
            updatedAt: now)
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = rooms(scope).on(sql)
                if try await repository.nameIsTaken(name, at: location.id) { throw AppError.conflict(fields: ["name": "taken"]) }
                try await repository.insert(room)
                return (room, [MutationRecord(action: "room.created", entityType: "room", entityId: room.id.description, after: room.auditSnapshot)])
            }
        }
    }

    func update(_ id: RoomID, _ input: UpdateRoomInput, scope: TenantScope) async throws -> Room {
        let before = try await room(id, scope)
        var problems: [String: String] = [:]
        var after = before
        if input.name != nil, let name = PlaceRules.name(input.name, into: &problems) { after.name = name }
        if let active = input.active { after.active = active }
        if let locationId = input.locationId, locationId != before.locationId {
            let locations = LocationRepository(sql: database.sql, tenantId: scope.tenantId)
            if let location = try await locations.placement(locationId, into: &problems) { after.locationId = location.id }
        }
        if let ids = input.serviceIds { after.serviceIds = try await checkServices(ids, scope: scope, into: &problems) }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
        guard !changed.isEmpty else { return before }
        let now = scope.clock.now()
        after.updatedAt = now
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = rooms(scope).on(sql)
                if PlaceRules.nameKey(after.name) != PlaceRules.nameKey(before.name) || after.locationId != before.locationId,
                    try await repository.nameIsTaken(after.name, at: after.locationId, except: id)
                {
                    throw AppError.conflict(fields: ["name": "taken"])
                }
                try await repository.update(after, servicesChanged: after.serviceIds != before.serviceIds)
                let record = MutationRecord(
                    action: "room.updated", entityType: "room", entityId: id.description, before: before.auditSnapshot, after: after.auditSnapshot,
                    payload: .updatePayload(after.auditSnapshot, changed: changed))
                return (after, [record])
            }
        }
    }

    /// Every id must be a service of the caller's tenant (`ServiceIdsRule`).
    private func checkServices(_ ids: [ServiceID], scope: TenantScope, into problems: inout [String: String]) async throws
        -> [ServiceID]
    {
        let services = ServicesRepository(sql: database.sql, tenantId: scope.tenantId)
        return try await ServiceIdsRule.validate(ids, existing: { try await services.existingIds($0) }, into: &problems)
    }
}
