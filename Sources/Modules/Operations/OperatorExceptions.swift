import CRMCore
import Foundation
import SQLKit

public enum OperatorExceptionEntity {}
public typealias OperatorExceptionID = TypedID<OperatorExceptionEntity>

/// Something the studio's operator must look at (SPEC §12 exceptions: `open → investigating →
/// resolved | dismissed`). Messaging opens one when a reminder cannot be delivered on any
/// channel; the operations issue adds the Action Center, SLA timers and the routes on top.
public enum OperatorExceptions {
    public enum Severity: String, Sendable { case low, medium, high, critical }

    /// Opens an exception in the caller's transaction; answers its audit record.
    public static func open(
        kind: String, severity: Severity, entityType: String, entityId: String, title: String, details: JSONValue, tenant: TenantID, now: Date,
        on sql: any SQLDatabase
    ) async throws -> MutationRecord {
        let id = OperatorExceptionID.random()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let detailsText = String(decoding: try encoder.encode(details), as: UTF8.self)
        try await OperatorExceptionsRepository(sql: sql, tenantId: tenant).insert(
            id, kind: kind, severity: severity, entityType: entityType, entityId: entityId, title: title, details: detailsText, now: now)
        return MutationRecord(
            action: "exception.opened", entityType: "exception", entityId: id.description,
            after: .object([
                "kind": .string(kind), "severity": .string(severity.rawValue), "status": .string("open"), "entityType": .string(entityType),
                "entityId": .string(entityId), "title": .string(title), "details": details,
            ]))
    }
}

extension OperatorExceptions {
    /// The tenant's open exceptions, counted by kind (what waits for the operator).
    public static func openCounts(tenant: TenantID, on sql: any SQLDatabase) async throws -> [String: Int] {
        try await OperatorExceptionsRepository(sql: sql, tenantId: tenant).openCounts()
    }
}
