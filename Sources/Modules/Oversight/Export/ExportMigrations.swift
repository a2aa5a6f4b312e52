import CRMCore

/// Schema of the owner's data exports. Append only.
public enum ExportMigrations {
    public static let all: [Migration] = [
        Migration(module: "exports", number: 1, name: "data exports") { t in
            [
                """
                CREATE TABLE data_exports (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    requested_by \(t.uuid),
                    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
                    progress_done \(t.bigint) NOT NULL DEFAULT 0,
                    progress_total \(t.bigint) NOT NULL DEFAULT 0,
                    file_name TEXT NOT NULL,
                    size_bytes \(t.bigint),
                    sha256 TEXT,
                    error TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    started_at \(t.timestamp),
                    finished_at \(t.timestamp),
                    expires_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, requested_by) REFERENCES users (tenant_id, id)
                )
                """,
                // One export at a time per studio: the index settles two racing requests.
                "CREATE UNIQUE INDEX data_exports_one_active_idx ON data_exports (tenant_id) WHERE status IN ('queued', 'running')",
                "CREATE INDEX data_exports_list_idx ON data_exports (tenant_id, created_at, id)",
                "CREATE INDEX data_exports_expiry_idx ON data_exports (status, expires_at)",
            ]
        }
    ]
}
