import CRMCore
import Foundation
import SQLKit

/// The services a staff member performs (`staff_services`) or a room can host (`room_services`):
/// one join table per owner kind, composite keys on both sides, scoped by `tenantId`.
struct ServiceLinks: Sendable {
    /// The two join tables; names are constants, never input.
    enum Table: String, Sendable {
        case staff = "staff_services"
        case rooms = "room_services"

        var ownerColumn: String {
            switch self {
            case .staff: "staff_id"
            case .rooms: "room_id"
            }
        }
    }

    let sql: any SQLDatabase
    let tenantId: TenantID
    let table: Table

    /// The linked service ids of each of `owners` (sorted; owners without links are absent).
    func serviceIds(of owners: [UUID]) async throws -> [UUID: [ServiceID]] {
        guard !owners.isEmpty else { return [:] }
        struct Row: Decodable {
            let owner: UUID
            let serviceId: ServiceID
        }
        let rows = try await sql.select().column(SQLAlias(SQLColumn(table.ownerColumn), as: SQLIdentifier("owner"))).column("service_id")
            .from(table.rawValue).where("tenant_id", .equal, SQLBind(tenantId)).where(table.ownerColumn, .in, owners)
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.owner).mapValues { $0.map(\.serviceId).sorted { $0.description < $1.description } }
    }

    /// Makes `serviceIds` the owner's whole set.
    func replace(of owner: UUID, with serviceIds: [ServiceID]) async throws {
        try await sql.delete(from: table.rawValue).where("tenant_id", .equal, SQLBind(tenantId)).where(table.ownerColumn, .equal, SQLBind(owner))
            .run()
        guard !serviceIds.isEmpty else { return }
        let insert = sql.insert(into: table.rawValue).columns("tenant_id", table.ownerColumn, "service_id")
        for id in serviceIds {
            insert.values(SQLBind(tenantId), SQLBind(owner), SQLBind(id))
        }
        try await insert.run()
    }

    /// `<idColumn> IN (owners linked to service)`, for a list filter.
    func ownersLinked(to service: ServiceID, idColumn: String = "id") -> SQLQueryString {
        "\(ident: idColumn) IN (SELECT \(ident: table.ownerColumn) FROM \(ident: table.rawValue) WHERE tenant_id = \(bind: tenantId) AND service_id = \(bind: service))"
    }
}

/// Checks a `serviceIds` list from a request: every id must be a service of the tenant (another
/// tenant's is as unknown as none: `serviceIds[2]: not_found`), at most `maxCount` of them;
/// duplicates are dropped. Archived services may stay linked (a client sends back what it read).
enum ServiceIdsRule {
    static let maxCount = 500

    static func validate(_ ids: [ServiceID], existing: (Set<ServiceID>) async throws -> Set<ServiceID>, into problems: inout [String: String])
        async throws -> [ServiceID]
    {
        var unique: [ServiceID] = []
        var seen: Set<ServiceID> = []
        for id in ids where seen.insert(id).inserted { unique.append(id) }
        guard unique.count <= maxCount else {
            problems["serviceIds"] = "too_many"
            return []
        }
        let known = try await existing(seen)
        for (index, id) in ids.enumerated() where !known.contains(id) { problems["serviceIds[\(index)]"] = "not_found" }
        return unique.sorted { $0.description < $1.description }
    }
}
