import CRMCore
import Foundation
import SQLKit

/// The `provider_calls` table: one row per timed provider call (`ProviderCallLog`), read back by
/// the provider health view.
struct ProviderCallsRepository: Sendable {
    let sql: any SQLDatabase

    struct Row: Decodable {
        let provider: String
        let ok: Bool
        let errorKind: String?
        let latencyMs: Int
        let calledAt: Date
    }

    func insert(tenant: TenantID, provider: String, operation: String, ok: Bool, errorKind: String?, latencyMs: Int, at: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO provider_calls (tenant_id, id, provider, operation, ok, error_kind, latency_ms, called_at)
            VALUES (\(bind: tenant), \(bind: UUID()), \(bind: provider), \(bind: operation), \(bind: ok), \(bind: errorKind),
                    \(bind: latencyMs), \(bind: at))
            """
        ).run()
    }

    /// A tenant's calls since `since`.
    func calls(tenant: TenantID, since: Date) async throws -> [Row] {
        try await sql.raw(
            """
            SELECT provider, ok, error_kind, latency_ms, called_at FROM provider_calls
            WHERE tenant_id = \(bind: tenant) AND called_at >= \(bind: since)
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Housekeeping across tenants.
    func prune(before cutoff: Date) async throws {
        try await sql.raw("DELETE FROM provider_calls WHERE called_at < \(bind: cutoff)").run()
    }
}
