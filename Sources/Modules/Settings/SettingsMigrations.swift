import CRMCore

/// Schema of the per-tenant settings sections. Append only.
public enum SettingsMigrations {
    public static let all: [Migration] = [
        Migration(module: "settings", number: 1, name: "tenant settings sections") { t in
            [
                """
                CREATE TABLE tenant_settings (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    section TEXT NOT NULL,
                    value TEXT NOT NULL,
                    updated_by \(t.uuid),
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, section)
                )
                """
            ]
        }
    ]
}
