import CRMCore
import Foundation
import SQLKit

/// The personal discounts of one tenant's clients; every statement is scoped by `tenantId`.
struct ClientDiscountsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    struct Row: Decodable {
        let id: ClientDiscountID
        let clientId: CustomerID
        let kind: String
        let percent: Int?
        let amountMinor: Int64?
        let serviceIds: String?
        let expiresAt: Date?
        let note: String?
        let createdBy: UserID?
        let createdAt: Date
        let revokedAt: Date?

        var discount: ClientDiscount? {
            guard let kind = ClientDiscount.Kind(rawValue: kind) else { return nil }
            let services = serviceIds.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }?.compactMap(ServiceID.init(string:))
            return ClientDiscount(
                id: id, clientId: clientId, kind: kind, percent: percent, amount: amountMinor.map(Money.init(minorUnits:)), serviceIds: services,
                expiresAt: expiresAt, note: note, createdBy: createdBy, createdAt: createdAt, revokedAt: revokedAt)
        }
    }

    static let columns = "id, client_id, kind, percent, amount_minor, service_ids, expires_at, note, created_by, created_at, revoked_at"

    /// The client's discounts, oldest first; revoked ones too unless `activeOnly`.
    func all(of client: CustomerID, activeOnly: Bool = false) async throws -> [ClientDiscount] {
        let active: SQLQueryString = activeOnly ? " AND revoked_at IS NULL" : ""
        return try await sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM client_discounts WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client)"
                + active + " ORDER BY created_at, id"
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap(\.discount)
    }

    func find(_ id: ClientDiscountID) async throws -> ClientDiscount? {
        try await sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM client_discounts WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)"
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.discount
    }

    func insert(_ d: ClientDiscount) async throws {
        let services = try d.serviceIds.map { String(decoding: try JSONEncoder().encode($0.map(\.description)), as: UTF8.self) }
        try await sql.raw(
            """
            INSERT INTO client_discounts (tenant_id, id, client_id, kind, percent, amount_minor, service_ids, expires_at, note, created_by,
                created_at, revoked_at)
            VALUES (\(bind: tenantId), \(bind: d.id), \(bind: d.clientId), \(bind: d.kind.rawValue), \(bind: d.percent),
                \(bind: d.amount?.minorUnits), \(bind: services), \(bind: d.expiresAt), \(bind: d.note), \(bind: d.createdBy),
                \(bind: d.createdAt), \(bind: d.revokedAt))
            """
        ).run()
    }

    /// Revokes it; false when it was already revoked (or is unknown).
    func revoke(_ id: ClientDiscountID, at now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE client_discounts SET revoked_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """
        ).first() != nil
    }
}
