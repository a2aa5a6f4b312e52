import CRMCore

/// Schema of messages, templates, appointment reminders and the Telegram webhook's records.
/// Append only.
public enum MessagesMigrations {
    public static let all: [Migration] = [
        Migration(module: "messages", number: 1, name: "messages, templates, reminders, telegram updates and links") { t in
            [
                """
                CREATE TABLE messages (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid),
                    appointment_id \(t.uuid),
                    channel TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    subject TEXT,
                    body TEXT NOT NULL,
                    template_key TEXT,
                    template_values TEXT,
                    status TEXT NOT NULL,
                    provider TEXT,
                    provider_message_id TEXT,
                    cost_minor \(t.bigint),
                    cost_currency TEXT,
                    scheduled_at \(t.timestamp) NOT NULL,
                    sent_at \(t.timestamp),
                    delivered_at \(t.timestamp),
                    read_at \(t.timestamp),
                    failed_at \(t.timestamp),
                    error TEXT,
                    attempts \(t.integer) NOT NULL DEFAULT 0,
                    fallback_from \(t.uuid),
                    external_id TEXT,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX messages_created_idx ON messages (tenant_id, created_at, id)",
                "CREATE INDEX messages_client_idx ON messages (tenant_id, client_id, created_at)",
                // Throttling counts what one tenant sent on one channel in the last minute.
                "CREATE INDEX messages_sent_idx ON messages (tenant_id, channel, sent_at)",
                """
                CREATE TABLE message_templates (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    template_key TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    subject TEXT,
                    body TEXT NOT NULL,
                    updated_by \(t.uuid),
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, template_key, channel, locale)
                )
                """,
                """
                CREATE TABLE appointment_reminders (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    appointment_id \(t.uuid) NOT NULL,
                    offset_minutes \(t.integer) NOT NULL,
                    starts_at \(t.timestamp) NOT NULL,
                    due_at \(t.timestamp) NOT NULL,
                    status TEXT NOT NULL,
                    job_id \(t.uuid),
                    message_id \(t.uuid),
                    detail TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, appointment_id) REFERENCES appointments (tenant_id, id)
                )
                """,
                "CREATE INDEX appointment_reminders_appointment_idx ON appointment_reminders (tenant_id, appointment_id, status)",
                """
                CREATE TABLE telegram_updates (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    update_id \(t.bigint) NOT NULL,
                    received_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, update_id)
                )
                """,
                """
                CREATE TABLE telegram_link_tokens (
                    tenant_id \(t.uuid) NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    client_id \(t.uuid) NOT NULL,
                    expires_at \(t.timestamp) NOT NULL,
                    used_at \(t.timestamp),
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, token_hash),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
            ]
        },
        Migration(module: "messages", number: 2, name: "a Telegram message's inline buttons") { _ in
            ["ALTER TABLE messages ADD COLUMN buttons TEXT"]
        },
    ]
}
