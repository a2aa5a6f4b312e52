import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// The appointments module's entries in a client's history (`kind: appointment`), placed at the
/// appointment's start. A specialist sees only the appointments of their own staff record.
public struct AppointmentsTimelineSource: ClientTimelineSource {
    static let kind = "appointment"

    public init() {}

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        let rows = try await AppointmentsRepository(sql: sql, tenantId: tenant).timeline(
            of: client, scope: scope, kind: Self.kind, after: position, limit: limit)
        return rows.map { row in
            TimelineEntry(
                kind: Self.kind, id: row.id.uuidString.lowercased(), at: row.startsAt,
                data: .object([
                    "status": .string(row.status), "serviceId": .string(row.serviceId.uuidString.lowercased()),
                    "serviceName": .string(row.serviceName),
                    "staffId": .string(row.staffId.uuidString.lowercased()), "staffName": .string(row.staffName),
                    "endsAt": .string(ISO8601DateFormatter().string(from: row.endsAt)),
                    "price": .string(Money(minorUnits: row.priceMinor).description),
                ]))
        }
    }
}
