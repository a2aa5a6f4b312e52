import CRMCore

/// Schema of invoices, their items and the per-tenant yearly number counters. Append only.
public enum InvoicesMigrations {
    public static let all: [Migration] = [
        Migration(module: "invoices", number: 1, name: "invoices, items, number counters") { t in
            [
                """
                CREATE TABLE invoices (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    number TEXT,
                    client_id \(t.uuid) NOT NULL,
                    appointment_id \(t.uuid),
                    status TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    subtotal_minor \(t.bigint) NOT NULL,
                    discount_minor \(t.bigint) NOT NULL,
                    payable_minor \(t.bigint) NOT NULL,
                    paid_minor \(t.bigint) NOT NULL DEFAULT 0,
                    refunded_minor \(t.bigint) NOT NULL DEFAULT 0,
                    notes TEXT,
                    issued_at \(t.timestamp),
                    voided_at \(t.timestamp),
                    void_reason TEXT,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                // NULL numbers (drafts) never collide.
                "CREATE UNIQUE INDEX invoices_number_key ON invoices (tenant_id, number)",
                "CREATE INDEX invoices_created_idx ON invoices (tenant_id, created_at, id)",
                "CREATE INDEX invoices_client_idx ON invoices (tenant_id, client_id, created_at)",
                "CREATE INDEX invoices_appointment_idx ON invoices (tenant_id, appointment_id)",
                """
                CREATE TABLE invoice_items (
                    tenant_id \(t.uuid) NOT NULL,
                    invoice_id \(t.uuid) NOT NULL,
                    position \(t.integer) NOT NULL,
                    service_id \(t.uuid),
                    description TEXT NOT NULL,
                    quantity \(t.integer) NOT NULL,
                    unit_price_minor \(t.bigint) NOT NULL,
                    total_minor \(t.bigint) NOT NULL,
                    PRIMARY KEY (tenant_id, invoice_id, position),
                    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
                )
                """,
                """
                CREATE TABLE invoice_counters (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    year \(t.integer) NOT NULL,
                    last_number \(t.bigint) NOT NULL,
                    PRIMARY KEY (tenant_id, year)
                )
                """,
            ]
        }
    ]
}
