import CRMCore

/// Schema of payments (SPEC §6): one row per provider attempt or refund, the webhook events
/// already taken, manual payment proofs and approvals, and the provider call log behind
/// provider health. Append only.
public enum PaymentsMigrations {
    public static let all: [Migration] = [
        Migration(module: "payments", number: 1, name: "payments, webhook events, manual proofs and approvals, provider calls") { t in
            [
                """
                CREATE TABLE payments (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    chain_id \(t.uuid) NOT NULL,
                    parent_id \(t.uuid),
                    invoice_id \(t.uuid),
                    appointment_id \(t.uuid),
                    client_id \(t.uuid) NOT NULL,
                    kind TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    provider_payment_id TEXT,
                    status TEXT NOT NULL,
                    amount_minor \(t.bigint) NOT NULL CHECK (amount_minor > 0),
                    currency TEXT NOT NULL,
                    capture \(t.bool) NOT NULL,
                    refunded_minor \(t.bigint) NOT NULL DEFAULT 0,
                    refund_reserved_minor \(t.bigint) NOT NULL DEFAULT 0,
                    attempt \(t.integer) NOT NULL,
                    is_fallback \(t.bool) NOT NULL,
                    confirmation_url TEXT,
                    client_secret TEXT,
                    failure_reason TEXT,
                    raw_payload TEXT,
                    comment TEXT,
                    webhook_due_at \(t.timestamp),
                    superseded_at \(t.timestamp),
                    succeeded_at \(t.timestamp),
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
                    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
                    -- What was refunded (or is being refunded) never exceeds what was paid.
                    CHECK (refunded_minor >= 0 AND refunded_minor <= refund_reserved_minor AND refund_reserved_minor <= amount_minor)
                )
                """,
                "CREATE UNIQUE INDEX payments_provider_key ON payments (tenant_id, provider, provider_payment_id)",
                "CREATE INDEX payments_created_idx ON payments (tenant_id, created_at, id)",
                "CREATE INDEX payments_invoice_idx ON payments (tenant_id, invoice_id)",
                "CREATE INDEX payments_appointment_idx ON payments (tenant_id, appointment_id)",
                "CREATE INDEX payments_chain_idx ON payments (tenant_id, chain_id, attempt)",
                """
                CREATE TABLE payment_webhook_events (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    provider TEXT NOT NULL,
                    event_key TEXT NOT NULL,
                    payment_id \(t.uuid),
                    received_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, provider, event_key)
                )
                """,
                """
                CREATE TABLE payment_proofs (
                    tenant_id \(t.uuid) NOT NULL,
                    payment_id \(t.uuid) NOT NULL,
                    file_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size_bytes \(t.bigint) NOT NULL,
                    sha256 TEXT NOT NULL,
                    content \(t.bytes) NOT NULL,
                    uploaded_by \(t.uuid),
                    uploaded_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, payment_id),
                    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
                )
                """,
                """
                CREATE TABLE manual_payment_approvals (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    payment_id \(t.uuid) NOT NULL,
                    decision TEXT NOT NULL,
                    decided_by \(t.uuid) NOT NULL,
                    comment TEXT,
                    decided_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
                )
                """,
                // One decision per manual payment.
                "CREATE UNIQUE INDEX manual_payment_approvals_payment_key ON manual_payment_approvals (tenant_id, payment_id)",
                """
                CREATE TABLE provider_calls (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    provider TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    ok \(t.bool) NOT NULL,
                    error_kind TEXT,
                    latency_ms \(t.integer) NOT NULL,
                    called_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX provider_calls_recent_idx ON provider_calls (tenant_id, provider, called_at)",
            ]
        }
    ]
}
