import CRMCore
import Foundation
import Tenancy

/// The rules of the studio's services: validation, unique names, upsell links. Every change
/// commits with its audit entry and event; services are never deleted, only deactivated.
public struct ServicesService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    func services(_ scope: TenantScope) -> ServicesRepository {
        ServicesRepository(sql: database.sql, tenantId: scope.tenantId)
    }

    /// A service of the caller's tenant; anything else is 404.
    func service(_ id: ServiceID, _ scope: TenantScope) async throws -> StudioService {
        guard let service = try await services(scope).find(id) else { throw AppError.notFound() }
        return service
    }

    func create(_ changes: ServiceChanges, scope: TenantScope) async throws -> StudioService {
        let now = scope.clock.now()
        let blank = StudioService(
            id: .random(), category: "", name: "", description: nil, basePrice: .zero, cost: nil, durationMinutes: 60, breakMinutes: 0,
            onlineBookable: true, depositRule: nil, active: true, upsellServiceIds: [], createdAt: now, updatedAt: now)
        let service = changes.applied(to: blank)
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let services = services(scope).on(sql)
                try await Self.check(service, changes: changes, alreadyLinked: [], in: services)
                try await services.insert(service)
                return (service, [Self.record("service.created", before: nil, after: service)])
            }
        }
    }

    /// Applies the given fields; `upsellServiceIds` replaces the set, `active: false` deactivates.
    func update(_ id: ServiceID, _ changes: ServiceChanges, scope: TenantScope) async throws -> StudioService {
        let now = scope.clock.now()
        return try await UniqueViolation.mapping(to: ["name": "taken"]) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let services = services(scope).on(sql)
                try await services.lock(id)
                guard let before = try await services.find(id) else { throw AppError.notFound() }
                var after = changes.applied(to: before)
                try await Self.check(after, changes: changes, alreadyLinked: before.upsellServiceIds, in: services)
                guard after != before else { return (before, []) }
                after.updatedAt = now
                try await services.update(after, upsellsChanged: after.upsellServiceIds != before.upsellServiceIds)
                let action =
                    before.active == after.active ? "service.updated" : after.active ? "service.activated" : "service.deactivated"
                return (after, [Self.record(action, before: before, after: after)])
            }
        }
    }

    /// Every problem at once (400, nothing written), then the name (409).
    private static func check(
        _ service: StudioService, changes: ServiceChanges, alreadyLinked: [ServiceID], in services: ServicesRepository
    ) async throws {
        var problems = changes.problems
        problems.merge(ServiceRules.problems(service)) { first, _ in first }
        if !changes.upsellInput.isEmpty {
            let upsells = try await ServiceRules.upsellProblems(changes.upsellInput, of: service.id, alreadyLinked: alreadyLinked, in: services)
            problems.merge(upsells) { first, _ in first }
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        if try await services.nameIsTaken(StudioService.nameKey(service.name), excluding: service.id) {
            throw AppError.conflict(fields: ["name": "taken"])
        }
    }

    private static func record(_ action: String, before: StudioService?, after: StudioService) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "service", entityId: after.id.description, before: before?.auditSnapshot, after: after.auditSnapshot)
    }
}
