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
        }
    ]
}
