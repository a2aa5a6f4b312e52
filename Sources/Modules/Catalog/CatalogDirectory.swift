import CRMCore
import Foundation
import SQLKit

/// One record of the catalog by id, for the domains that book against it (appointments, the
/// calendar feed, the slot cache's invalidation, message templates) — read by tenant, with no
/// request context. Catalog's repositories stay internal.
public struct CatalogDirectory: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    /// `sql`: the pool, or the caller's transaction.
    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    public func service(_ id: ServiceID) async throws -> StudioService? {
        try await ServicesRepository(sql: sql, tenantId: tenantId).find(id)
    }

    public func staffMember(_ id: StaffID) async throws -> StaffMember? {
        try await StaffRepository(sql: sql, tenantId: tenantId).find(id)
    }

    /// The staff record linked to a user account, if any.
    public func staffMember(linkedTo user: UserID) async throws -> StaffMember? {
        try await StaffRepository(sql: sql, tenantId: tenantId).linked(to: user)
    }

    public func room(_ id: RoomID) async throws -> Room? {
        try await RoomRepository(sql: sql, tenantId: tenantId).find(id)
    }

    /// Only a service's name (a message template's `{service}`).
    public func serviceName(_ id: ServiceID) async throws -> String? {
        try await ServicesRepository(sql: sql, tenantId: tenantId).name(of: id)
    }

    /// The names of several services (an overview's appointments), in one query.
    public func serviceNames(_ ids: [ServiceID]) async throws -> [ServiceID: String] {
        try await ServicesRepository(sql: sql, tenantId: tenantId).names(of: Array(Set(ids)))
    }

    /// Staff members (any state) whose location is one of `locations`.
    public func staffIds(at locations: [UUID]) async throws -> [StaffID] {
        guard !locations.isEmpty else { return [] }
        return try await StaffRepository(sql: sql, tenantId: tenantId).ids(at: locations)
    }

    /// Staff members linked to `service`.
    public func staffIds(performing service: UUID) async throws -> [StaffID] {
        try await ServiceLinks.staff(performing: service, tenant: tenantId, on: sql)
    }
}

extension CatalogDirectory {
    /// The studio's active staff, by name (the dashboard's columns).
    public func activeStaff() async throws -> [StaffMember] {
        var members: [StaffMember] = []
        var cursor: String?
        repeat {
            let page = try await StaffRepository(sql: sql, tenantId: tenantId).list(
                StaffRepository.Filter(active: true), page: PageRequest(limit: 100, cursor: cursor))
            members += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return members.sorted { $0.name < $1.name }
    }
}
