import CRMCore
import Foundation
import Providers
import SQLKit

/// The integrations of one tenant; every statement is scoped by `tenantId`. Settings and the
/// sealed secrets are JSON text (one statement serves both engines).
struct IntegrationsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> IntegrationsRepository { IntegrationsRepository(sql: sql, tenantId: tenantId) }

    static let columns: SQLQueryString =
        "provider, enabled, settings, secrets, last_tested_at, last_test_ok, last_test_error, created_at, updated_at"

    struct Row: Decodable {
        let provider: String
        let enabled: Bool
        let settings: String
        let secrets: String
        let lastTestedAt: Date?
        let lastTestOk: Bool?
        let lastTestError: String?
        let createdAt: Date
        let updatedAt: Date

        func integration(tenant: TenantID) throws -> Integration? {
            // A provider this build no longer knows is skipped, not fatal.
            guard let provider = IntegrationProvider(rawValue: provider) else { return nil }
            return Integration(
                tenantId: tenant, provider: provider, enabled: enabled,
                settings: try JSONDecoder().decode([String: JSONValue].self, from: Data(settings.utf8)),
                sealedSecrets: try JSONDecoder().decode([String: String].self, from: Data(secrets.utf8)), lastTestedAt: lastTestedAt,
                lastTestOk: lastTestOk, lastTestError: lastTestError, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    func all() async throws -> [Integration] {
        try await sql.raw("SELECT \(Self.columns) FROM integrations WHERE tenant_id = \(bind: tenantId) ORDER BY provider")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { try $0.integration(tenant: tenantId) }
    }

    func find(_ provider: IntegrationProvider) async throws -> Integration? {
        try await sql.raw(
            "SELECT \(Self.columns) FROM integrations WHERE tenant_id = \(bind: tenantId) AND provider = \(bind: provider.rawValue)"
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.integration(tenant: tenantId)
    }

    /// The enabled provider of `channel`, if any (the partial unique index allows one).
    func enabled(on channel: MessageChannel) async throws -> Integration? {
        try await sql.raw(
            """
            SELECT \(Self.columns) FROM integrations
            WHERE tenant_id = \(bind: tenantId) AND channel = \(bind: channel.rawValue) AND enabled = \(bind: true)
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.integration(tenant: tenantId)
    }

    func save(_ integration: Integration) async throws {
        let settings = String(decoding: try JSONEncoder.sortedKeys.encode(integration.settings), as: UTF8.self)
        let secrets = String(decoding: try JSONEncoder.sortedKeys.encode(integration.sealedSecrets), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO integrations (tenant_id, provider, channel, enabled, settings, secrets, last_tested_at, last_test_ok, last_test_error,
                                      created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: integration.provider.rawValue), \(bind: integration.provider.channel?.rawValue),
                    \(bind: integration.enabled), \(bind: settings), \(bind: secrets), \(bind: integration.lastTestedAt),
                    \(bind: integration.lastTestOk), \(bind: integration.lastTestError), \(bind: integration.createdAt), \(bind: integration.updatedAt))
            ON CONFLICT (tenant_id, provider) DO UPDATE SET enabled = excluded.enabled, settings = excluded.settings,
                secrets = excluded.secrets, last_tested_at = excluded.last_tested_at, last_test_ok = excluded.last_test_ok,
                last_test_error = excluded.last_test_error, updated_at = excluded.updated_at
            """
        ).run()
    }

    func delete(_ provider: IntegrationProvider) async throws {
        try await sql.raw("DELETE FROM integrations WHERE tenant_id = \(bind: tenantId) AND provider = \(bind: provider.rawValue)").run()
    }

    /// Serializes the tenant's integration writers until the transaction ends (read, merge, switch
    /// the channel, write). `FOR NO KEY UPDATE` leaves the tenant's other inserts (their foreign
    /// key checks take `FOR KEY SHARE`) unblocked. SQLite transactions already hold the write lock.
    func lock() async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM tenants WHERE id = \(bind: tenantId) FOR NO KEY UPDATE").run()
    }
}
