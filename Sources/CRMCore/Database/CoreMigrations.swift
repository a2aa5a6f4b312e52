/// Tables of the shared kernel. Append only.
public enum CoreMigrations {
    public static let all: [Migration] = [
        Migration(module: "core", number: 1, name: "idempotency keys") { t in
            [
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    request_target TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    state TEXT NOT NULL,
                    response_status INTEGER,
                    response_headers TEXT,
                    response_body TEXT,
                    locked_until \(t.timestamp) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    expires_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (scope, idempotency_key, request_target)
                )
                """,
                "CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)",
            ]
        },
        Migration(module: "core", number: 2, name: "audit log") { t in
            [
                // Append only: nothing in the application updates or deletes these rows.
                """
                CREATE TABLE audit_log (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    actor_type TEXT NOT NULL,
                    actor_user_id \(t.uuid),
                    action TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    before_state TEXT,
                    after_state TEXT,
                    ip TEXT,
                    user_agent TEXT,
                    request_id TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id, created_at)",
                "CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, created_at)",
            ]
        },
        Migration(module: "core", number: 3, name: "domain events outbox") { t in
            [
                // Written with the change that caused it; `published_at` is set once delivered.
                """
                CREATE TABLE domain_events (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    type TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    published_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX domain_events_unpublished_idx ON domain_events (published_at, created_at)",
                "CREATE INDEX domain_events_entity_idx ON domain_events (tenant_id, entity_type, entity_id, created_at)",
            ]
        },
        Migration(module: "core", number: 4, name: "job queue") { t in
            [
                // The durable queue (CRMCore/Jobs). `priority` orders the queues (critical 0,
                // ops 1, heavy 2); `unique_key` makes an enqueue idempotent (NULLs never clash).
                """
                CREATE TABLE jobs (
                    id \(t.uuid) PRIMARY KEY,
                    queue TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    tenant_id \(t.uuid),
                    run_at \(t.timestamp) NOT NULL,
                    attempts INTEGER NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    locked_by TEXT,
                    locked_until \(t.timestamp),
                    last_error TEXT,
                    unique_key TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX jobs_unique_key_idx ON jobs (unique_key)",
                // The claim: due jobs in priority order, without sorting the whole table.
                "CREATE INDEX jobs_due_idx ON jobs (priority, run_at) WHERE status IN ('queued', 'failed')",
                "CREATE INDEX jobs_leases_idx ON jobs (locked_until) WHERE status = 'running'",
                "CREATE INDEX jobs_tenant_idx ON jobs (tenant_id, status, created_at)",
                "CREATE INDEX jobs_cleanup_idx ON jobs (status, updated_at)",
            ]
        },
        Migration(module: "core", number: 5, name: "job queue indexes for the claim") { _ in
            [
                // SQLite chose the (status, updated_at) index for the claim and sorted every due job
                // (bench/queue: 2 ms a claim at 10,000 jobs); cleanup only needs done jobs by age.
                "DROP INDEX jobs_cleanup_idx",
                "CREATE INDEX jobs_done_idx ON jobs (updated_at) WHERE status = 'done'",
            ]
        },
    ]
}
