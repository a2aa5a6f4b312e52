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

    func packages(_ context: TenantRequestContext) -> ServicePackagesRepository {
        ServicePackagesRepository(sql: database.sql, tenantId: context.tenantId)
    }

    func package(_ id: ServicePackageID, _ context: TenantRequestContext) async throws -> ServicePackage {
        guard let package = try await packages(context).find(id) else { throw AppError.notFound() }
        return package
    }

    func create(_ body: BodyFields, context: TenantRequestContext) async throws -> ServicePackage {
        var fields = body
        let changes = ServicePackageChanges.read(&fields, creating: true)
        let now = context.clock.now()
        let blank = ServicePackage(
            id: .random(), name: "", items: [], price: .zero, validityDays: 365, active: true, createdAt: now, updatedAt: now)
        let package = changes.applied(to: blank)
        return try await database.mutate(by: context.auditActor, at: now) { sql in
            try await Self.check(package, changes: changes, fields: fields, alreadyIncluded: [], on: sql, tenantId: context.tenantId)
            try await packages(context).on(sql).insert(package)
            return (package, [Self.record("service_package.created", before: nil, after: package)])
        }
    }

    /// Applies the given fields; `items` replaces the list, `active: false` deactivates.
    func update(_ id: ServicePackageID, _ body: BodyFields, context: TenantRequestContext) async throws -> ServicePackage {
        var fields = body
        let changes = ServicePackageChanges.read(&fields, creating: false)
        let now = context.clock.now()
        return try await database.mutate(by: context.auditActor, at: now) { sql in
            let packages = packages(context).on(sql)
            try await packages.lock(id)
            guard let before = try await packages.find(id) else { throw AppError.notFound() }
            var after = changes.applied(to: before)
            try await Self.check(
                after, changes: changes, fields: fields, alreadyIncluded: before.items.map(\.serviceId), on: sql, tenantId: context.tenantId)
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
        _ package: ServicePackage, changes: ServicePackageChanges, fields: BodyFields, alreadyIncluded: [ServiceID],
        on sql: any SQLDatabase, tenantId: TenantID
    ) async throws {
        var problems = fields.problems
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
