import CRMCore

/// Schema of the studios' integration settings. Append only.
public enum IntegrationsMigrations {
    public static let all: [Migration] = [
        Migration(module: "integrations", number: 1, name: "integration settings per tenant and provider") { t in
            [
                """
                CREATE TABLE integrations (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    provider TEXT NOT NULL,
                    channel TEXT,
                    enabled \(t.bool) NOT NULL,
                    settings TEXT NOT NULL,
                    secrets TEXT NOT NULL,
                    last_tested_at \(t.timestamp),
                    last_test_ok \(t.bool),
                    last_test_error TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, provider)
                )
                """,
                // One provider per messaging channel is in use; the payment providers have no channel (both may be enabled).
                "CREATE UNIQUE INDEX integrations_one_enabled_per_channel_idx ON integrations (tenant_id, channel) WHERE enabled = TRUE",
            ]
        }
    ]
}
