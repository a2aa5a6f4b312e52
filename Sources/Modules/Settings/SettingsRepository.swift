import CRMCore
import Foundation
import SQLKit

/// The stored sections of one tenant. A section never saved has no row: its defaults apply.
struct SettingsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> SettingsRepository { SettingsRepository(sql: sql, tenantId: tenantId) }

    func stored(_ section: SettingsSectionKey) async throws -> JSONValue? {
        guard
            let text = try await sql.raw(
                "SELECT value FROM tenant_settings WHERE tenant_id = \(bind: tenantId) AND section = \(bind: section.rawValue)"
            ).first()?.decode(column: "value", as: String.self)
        else { return nil }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    func save(_ section: SettingsSectionKey, value: JSONValue, by user: UserID?, now: Date) async throws {
        let text = String(decoding: try JSONEncoder.sortedKeys.encode(value), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO tenant_settings (tenant_id, section, value, updated_by, updated_at)
            VALUES (\(bind: tenantId), \(bind: section.rawValue), \(bind: text), \(bind: user), \(bind: now))
            ON CONFLICT (tenant_id, section) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at
            """
        ).run()
    }
}
