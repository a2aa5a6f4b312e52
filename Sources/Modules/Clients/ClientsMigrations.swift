import CRMCore

/// Schema of clients, their tags, consents and notes. Append only.
public enum ClientsMigrations {
    public static let all: [Migration] = [
        Migration(module: "clients", number: 1, name: "clients, tags, consents, notes") { t in
            [
                """
                CREATE TABLE clients (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    phone TEXT,
                    email TEXT,
                    email_key TEXT,
                    birthday TEXT,
                    locale TEXT,
                    allergies TEXT,
                    preferences TEXT,
                    loyalty_level TEXT NOT NULL,
                    telegram_chat_id TEXT,
                    visits_count \(t.integer) NOT NULL DEFAULT 0,
                    total_spent \(t.bigint) NOT NULL DEFAULT 0,
                    last_visit_at \(t.timestamp),
                    last_visit_key \(t.timestamp) NOT NULL,
                    created_by \(t.uuid),
                    archived_at \(t.timestamp),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                // NULLs never collide, so clients without a phone or an email coexist.
                "CREATE UNIQUE INDEX clients_phone_key ON clients (tenant_id, phone)",
                "CREATE UNIQUE INDEX clients_email_key ON clients (tenant_id, email_key)",
                "CREATE INDEX clients_name_idx ON clients (tenant_id, name_key, id)",
                "CREATE INDEX clients_created_idx ON clients (tenant_id, created_at, id)",
                "CREATE INDEX clients_last_visit_idx ON clients (tenant_id, last_visit_key, id)",
                """
                CREATE TABLE client_tags (
                    tenant_id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    tag TEXT NOT NULL,
                    automatic \(t.bool) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, client_id, tag),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE INDEX client_tags_tag_idx ON client_tags (tenant_id, tag, client_id)",
                """
                CREATE TABLE client_consents (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    kind TEXT NOT NULL,
                    granted \(t.bool) NOT NULL,
                    source TEXT NOT NULL,
                    ip TEXT,
                    recorded_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    revoked_at \(t.timestamp),
                    revoked_by \(t.uuid),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE INDEX client_consents_client_idx ON client_consents (tenant_id, client_id, created_at)",
                """
                CREATE TABLE client_notes (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    author_id \(t.uuid),
                    body TEXT NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE INDEX client_notes_client_idx ON client_notes (tenant_id, client_id, created_at)",
            ]
        },
        // Kept by the records (issue 16): no-shows and cancellations inside the policy window.
        Migration(module: "clients", number: 2, name: "no-show and late cancellation counts") { t in
            [
                "ALTER TABLE clients ADD COLUMN no_show_count \(t.integer) NOT NULL DEFAULT 0",
                "ALTER TABLE clients ADD COLUMN late_cancel_count \(t.integer) NOT NULL DEFAULT 0",
            ]
        },
    ]
}
