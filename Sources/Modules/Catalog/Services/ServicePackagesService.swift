import CRMCore
import Foundation
import SQLKit
import Tenancy

/// The rules of package definitions. Every change commits with its audit entry and event;
/// definitions are never deleted (sold packages keep their own snapshot), only deactivated.
public struct ServicePackagesService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    func packages(_ scope: TenantScope) -> ServicePackagesRepository {
        ServicePackagesRepository(sql: database.sql, tenantId: scope.tenantId)
    }

    func package(_ id: ServicePackageID, _ scope: TenantScope) async throws -> ServicePackage {
        guard let package = try await packages(scope).find(id) else { throw AppError.notFound() }
        return package
    }

    func create(_ changes: ServicePackageChanges, scope: TenantScope) async throws -> ServicePackage {
        let now = scope.clock.now()
        let blank = ServicePackage(
            id: .random(), name: "", items: [], price: .zero, validityDays: 365, active: true, createdAt: now, updatedAt: now)
        let package = changes.applied(to: blank)
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await Self.check(package, changes: changes, alreadyIncluded: [], on: sql, tenantId: scope.tenantId)
            try await packages(scope).on(sql).insert(package)
            return (package, [Self.record("service_package.created", before: nil, after: package)])
        }
    }

    /// Applies the given fields; `items` replaces the list, `active: false` deactivates.
    func update(_ id: ServicePackageID, _ changes: ServicePackageChanges, scope: TenantScope) async throws -> ServicePackage {
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let packages = packages(scope).on(sql)
            try await packages.lock(id)
            guard let before = try await packages.find(id) else { throw AppError.notFound() }
            var after = changes.applied(to: before)
            try await Self.check(
                after, changes: changes, alreadyIncluded: before.items.map(\.serviceId), on: sql, tenantId: scope.tenantId)
            guard after != before else { return (before, []) }
            after.updatedAt = now
            try await packages.update(after, itemsChanged: after.items != before.items)
            let action =
                before.active == after.active
                ? "service_package.updated" : after.active ? "service_package.activated" : "service_package.deactivated"
            return (after, [Self.record(action, before: before, after: after)])
        }
    }

    /// Every problem at once (400, nothing written).
    private static func check(
        _ package: ServicePackage, changes: ServicePackageChanges, alreadyIncluded: [ServiceID],
        on sql: any SQLDatabase, tenantId: TenantID
    ) async throws {
        var problems = changes.problems
        problems.merge(ServicePackageChanges.problems(package)) { first, _ in first }
        if !changes.itemServices.isEmpty {
            let items = try await ServicePackageChanges.itemProblems(
                changes.itemServices, alreadyIncluded: alreadyIncluded, in: ServicesRepository(sql: sql, tenantId: tenantId))
            problems.merge(items) { first, _ in first }
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
    }

    private static func record(_ action: String, before: ServicePackage?, after: ServicePackage) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "service_package", entityId: after.id.description, before: before?.auditSnapshot,
            after: after.auditSnapshot)
    }
}
