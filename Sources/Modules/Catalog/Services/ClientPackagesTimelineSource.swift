import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// The packages sold to a client in their history (`kind: package`, at the sale): name, price,
/// expiry.
public struct ClientPackagesTimelineSource: ClientTimelineSource {
    static let kind = "package"

    public init() {}

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        let rows = try await ClientPackagesRepository(sql: sql, tenantId: tenant).timeline(of: client, kind: Self.kind, after: position, limit: limit)
        return rows.map { row in
            TimelineEntry(
                kind: Self.kind, id: row.id.uuidString.lowercased(), at: row.soldAt,
                data: .object([
                    "name": .string(row.name), "price": .string(Money(minorUnits: row.priceMinor).description),
                    "expiresAt": .string(ISO8601DateFormatter().string(from: row.expiresAt)),
                ]))
        }
    }
}

/// Each visit a booking took from a package (`kind: package_visit`, at the booking): the package,
/// the service, the appointment and what became of the visit (reserved, used, returned, forfeited).
public struct ClientPackageVisitsTimelineSource: ClientTimelineSource {
    static let kind = "package_visit"

    public init() {}

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        let rows = try await ClientPackageVisitsRepository(sql: sql, tenantId: tenant).timeline(
            of: client, kind: Self.kind, after: position, limit: limit)
        return rows.map { row in
            TimelineEntry(
                kind: Self.kind, id: row.id.uuidString.lowercased(), at: row.reservedAt,
                data: .object([
                    "clientPackageId": .string(row.clientPackageId.description), "name": .string(row.name),
                    "serviceId": .string(row.serviceId.description), "appointmentId": .string(row.appointmentId.description),
                    "state": .string(row.state), "settledAt": row.settledAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
                ]))
        }
    }
}
