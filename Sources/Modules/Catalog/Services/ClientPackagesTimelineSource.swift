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
