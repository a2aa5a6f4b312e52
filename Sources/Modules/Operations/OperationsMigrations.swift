import CRMCore

/// Schema of the operations layer. Exceptions come first because messaging records one when a
/// reminder finally fails; the operations issue adds tasks, SLA and the Action Center on top.
/// Append only.
public enum OperationsMigrations {
    public static let all: [Migration] = [
        Migration(module: "operations", number: 1, name: "exceptions") { t in
            [
                """
                CREATE TABLE exceptions (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    status TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    details TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    resolved_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX exceptions_open_idx ON exceptions (tenant_id, status, created_at)",
                "CREATE INDEX exceptions_entity_idx ON exceptions (tenant_id, entity_type, entity_id)",
            ]
        }
    ]
}
