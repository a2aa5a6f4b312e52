import CRMCore
import Foundation
import SQLKit
import Clients

/// The package visits appointments reserved, of one tenant; every statement is scoped by
/// `tenantId` and runs on the caller's transaction.
struct ClientPackageVisitsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    /// The client's packages with a visit of `service` left that can be used at `instant`,
    /// soonest expiring first (then oldest sale), so the visit that would lapse first is used.
    func covering(client: CustomerID, service: ServiceID, at instant: Date) async throws -> [ClientPackageID] {
        struct Row: Decodable { let id: ClientPackageID }
        return try await sql.raw(
            """
            SELECT p.id FROM client_packages p
            JOIN client_package_units u ON u.tenant_id = p.tenant_id AND u.client_package_id = p.id
            WHERE p.tenant_id = \(bind: tenantId) AND p.client_id = \(bind: client) AND u.service_id = \(bind: service)
              AND u.remaining > 0 AND p.expires_at > \(bind: instant)
            ORDER BY p.expires_at, p.sold_at, p.id
            """
        ).all(decoding: Row.self).map(\.id)
    }

    func insert(_ visit: PackageVisit) async throws {
        try await sql.raw(
            """
            INSERT INTO client_package_visits (tenant_id, id, client_package_id, service_id, appointment_id, client_id, state, reserved_at,
                settled_at)
            VALUES (\(bind: tenantId), \(bind: visit.id), \(bind: visit.clientPackageId), \(bind: visit.serviceId),
                \(bind: visit.appointmentId), \(bind: visit.clientId), \(bind: visit.state.rawValue), \(bind: visit.reservedAt),
                \(bind: visit.settledAt))
            """
        ).run()
    }

    /// Moves the appointment's reserved visit to `state`; nil when it has none still reserved.
    func settle(appointment: AppointmentID, as state: PackageVisitState, at now: Date) async throws -> (
        package: ClientPackageID, service: ServiceID
    )? {
        struct Row: Decodable {
            let clientPackageId: ClientPackageID
            let serviceId: ServiceID
        }
        return try await sql.raw(
            """
            UPDATE client_package_visits SET state = \(bind: state.rawValue), settled_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND appointment_id = \(bind: appointment) AND state = 'reserved'
            RETURNING client_package_id, service_id
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.clientPackageId, $0.serviceId) }
    }

    /// Puts one visit back on the unit (a cancelled booking); never above the unit's total.
    func giveBack(package: ClientPackageID, service: ServiceID) async throws -> Int? {
        try await sql.raw(
            """
            UPDATE client_package_units SET remaining = remaining + 1
            WHERE tenant_id = \(bind: tenantId) AND client_package_id = \(bind: package) AND service_id = \(bind: service)
              AND remaining < total
            RETURNING remaining
            """
        ).first()?.decode(column: "remaining", as: Int.self)
    }

    /// Visits still booked per package and service (shown beside what is left).
    func reservedCounts(of packages: [ClientPackageID]) async throws -> [ClientPackageID: [ServiceID: Int]] {
        guard !packages.isEmpty else { return [:] }
        struct Row: Decodable {
            let clientPackageId: ClientPackageID
            let serviceId: ServiceID
            let reserved: Int
        }
        let rows = try await sql.raw(
            """
            SELECT client_package_id, service_id, COUNT(*) AS reserved FROM client_package_visits
            WHERE tenant_id = \(bind: tenantId) AND client_package_id IN \(SQLBind.group(packages)) AND state = 'reserved'
            GROUP BY client_package_id, service_id
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.clientPackageId).mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.serviceId, $0.reserved) }) }
    }

    struct TimelineRow: Decodable {
        let id: UUID
        let clientPackageId: ClientPackageID
        let name: String
        let serviceId: ServiceID
        let appointmentId: AppointmentID
        let state: String
        let reservedAt: Date
        let settledAt: Date?
    }

    /// The client's package visits, newest booking first, strictly after `position` (the history).
    func timeline(of client: CustomerID, kind: String, after position: TimelinePosition?, limit: Int) async throws -> [TimelineRow] {
        var query: SQLQueryString = """
            SELECT v.id, v.client_package_id, p.name, v.service_id, v.appointment_id, v.state, v.reserved_at, v.settled_at
            FROM client_package_visits v
            JOIN client_packages p ON p.tenant_id = v.tenant_id AND p.id = v.client_package_id
            WHERE v.tenant_id = \(bind: tenantId) AND v.client_id = \(bind: client)
            """
        if let position { query = query + " AND " + position.before(kind: kind, time: "v.reserved_at", id: "v.id") }
        query = query + " ORDER BY v.reserved_at DESC, v.id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: TimelineRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
