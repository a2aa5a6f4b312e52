import CRMCore
import Foundation
import SQLKit

/// The `exceptions` table of one tenant (`OperatorExceptions`).
struct OperatorExceptionsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    /// A new `open` exception; `details` is its JSON text.
    func insert(
        _ id: OperatorExceptionID, kind: String, severity: OperatorExceptions.Severity, entityType: String, entityId: String, title: String,
        details detailsText: String, now: Date
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO exceptions (tenant_id, id, kind, severity, status, entity_type, entity_id, title, details, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: id), \(bind: kind), \(bind: severity.rawValue), 'open', \(bind: entityType), \(bind: entityId),
                    \(bind: title), \(bind: detailsText), \(bind: now), \(bind: now))
            """
        ).run()
    }
}

extension OperatorExceptionsRepository {
    /// Open exceptions by kind.
    func openCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.raw(
            "SELECT kind, COUNT(*) AS n FROM exceptions WHERE tenant_id = \(bind: tenantId) AND status = 'open' GROUP BY kind"
        ).all() {
            counts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
