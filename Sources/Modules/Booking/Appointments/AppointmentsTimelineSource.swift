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

    struct Row: Decodable {
        let id: UUID
        let startsAt: Date
        let endsAt: Date
        let status: String
        let priceMinor: Int64
        let serviceId: UUID
        let serviceName: String
        let staffId: UUID
        let staffName: String
    }

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        var query: SQLQueryString = """
            SELECT a.id, a.starts_at, a.ends_at, a.status, a.price_minor, a.service_id, sv.name AS service_name, a.staff_id,
                   st.name AS staff_name
            FROM appointments a
            JOIN services sv ON sv.tenant_id = a.tenant_id AND sv.id = a.service_id
            JOIN staff st ON st.tenant_id = a.tenant_id AND st.id = a.staff_id
            WHERE a.tenant_id = \(bind: tenant) AND a.client_id = \(bind: client)
            """
        if case .ownedBy(let user) = scope { query = query + " AND st.user_id = \(bind: user)" }
        if let position { query = query + " AND " + position.before(kind: Self.kind, time: "a.starts_at", id: "a.id") }
        query = query + " ORDER BY a.starts_at DESC, a.id DESC LIMIT \(unsafeRaw: String(limit))"
        let rows = try await sql.raw(query).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
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
