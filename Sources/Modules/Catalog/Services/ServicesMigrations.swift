import CRMCore

/// Schema of services, their upsell links, package definitions and packages sold to clients.
/// Append only. Registered after the clients module (client packages reference clients).
public enum ServicesMigrations {
    public static let all: [Migration] = [
        Migration(module: "services", number: 1, name: "services, upsells, service packages") { t in
            [
                """
                CREATE TABLE services (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    category TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    description TEXT,
                    base_price_minor \(t.bigint) NOT NULL CHECK (base_price_minor >= 0),
                    cost_minor \(t.bigint) CHECK (cost_minor >= 0),
                    duration_minutes \(t.integer) NOT NULL CHECK (duration_minutes > 0),
                    break_minutes \(t.integer) NOT NULL CHECK (break_minutes >= 0),
                    online_bookable \(t.bool) NOT NULL,
                    deposit_rule TEXT,
                    active \(t.bool) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                // Names are unique per tenant case-insensitively; the index settles racing writes.
                "CREATE UNIQUE INDEX services_name_key_idx ON services (tenant_id, name_key)",
                "CREATE INDEX services_category_idx ON services (tenant_id, category, name_key)",
                "CREATE INDEX services_created_idx ON services (tenant_id, created_at, id)",
                "CREATE INDEX services_price_idx ON services (tenant_id, base_price_minor, id)",
                """
                CREATE TABLE service_upsells (
                    tenant_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    upsell_service_id \(t.uuid) NOT NULL,
                    position \(t.integer) NOT NULL,
                    PRIMARY KEY (tenant_id, service_id, upsell_service_id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
                    FOREIGN KEY (tenant_id, upsell_service_id) REFERENCES services (tenant_id, id),
                    CHECK (service_id <> upsell_service_id)
                )
                """,
                "CREATE INDEX service_upsells_target_idx ON service_upsells (tenant_id, upsell_service_id)",
                """
                CREATE TABLE service_packages (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    price_minor \(t.bigint) NOT NULL CHECK (price_minor >= 0),
                    validity_days \(t.integer) NOT NULL CHECK (validity_days > 0),
                    active \(t.bool) NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX service_packages_name_idx ON service_packages (tenant_id, name_key, id)",
                "CREATE INDEX service_packages_created_idx ON service_packages (tenant_id, created_at, id)",
                """
                CREATE TABLE service_package_items (
                    tenant_id \(t.uuid) NOT NULL,
                    package_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    unit_count \(t.integer) NOT NULL CHECK (unit_count > 0),
                    position \(t.integer) NOT NULL,
                    PRIMARY KEY (tenant_id, package_id, service_id),
                    FOREIGN KEY (tenant_id, package_id) REFERENCES service_packages (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
                )
                """,
                "CREATE INDEX service_package_items_service_idx ON service_package_items (tenant_id, service_id)",
            ]
        },
        Migration(module: "services", number: 2, name: "client packages and their units") { t in
            [
                // A sale: a snapshot of the definition's name and price, with its expiry.
                """
                CREATE TABLE client_packages (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    package_id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    price_minor \(t.bigint) NOT NULL,
                    sold_at \(t.timestamp) NOT NULL,
                    expires_at \(t.timestamp) NOT NULL,
                    sold_by \(t.uuid),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
                    FOREIGN KEY (tenant_id, package_id) REFERENCES service_packages (tenant_id, id)
                )
                """,
                "CREATE INDEX client_packages_client_idx ON client_packages (tenant_id, client_id, sold_at, id)",
                // Visits left per service; consumption is one guarded UPDATE (remaining > 0).
                """
                CREATE TABLE client_package_units (
                    tenant_id \(t.uuid) NOT NULL,
                    client_package_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    total \(t.integer) NOT NULL CHECK (total > 0),
                    remaining \(t.integer) NOT NULL CHECK (remaining >= 0 AND remaining <= total),
                    position \(t.integer) NOT NULL,
                    PRIMARY KEY (tenant_id, client_package_id, service_id),
                    FOREIGN KEY (tenant_id, client_package_id) REFERENCES client_packages (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
                )
                """,
                "CREATE INDEX client_package_units_service_idx ON client_package_units (tenant_id, service_id)",
            ]
        },
        Migration(module: "services", number: 3, name: "package visits reserved by appointments") { t in
            [
                // One row per appointment that books a packaged service: the visit is taken from the
                // unit when booked (`remaining - 1`), and the row says what became of it — used on
                // completion, given back (`remaining + 1`) or forfeited by the studio's policy.
                """
                CREATE TABLE client_package_visits (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_package_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    appointment_id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('reserved', 'used', 'returned', 'forfeited')),
                    reserved_at \(t.timestamp) NOT NULL,
                    settled_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_package_id, service_id) REFERENCES client_package_units (tenant_id, client_package_id, service_id)
                )
                """,
                "CREATE UNIQUE INDEX client_package_visits_appointment_idx ON client_package_visits (tenant_id, appointment_id)",
                "CREATE INDEX client_package_visits_client_idx ON client_package_visits (tenant_id, client_id, reserved_at, id)",
                "CREATE INDEX client_package_visits_package_idx ON client_package_visits (tenant_id, client_package_id, state)",
            ]
        },
        Migration(module: "services", number: 4, name: "personal client discounts") { t in
            [
                // A discount the studio gives one client: a percentage or a fixed amount off the
                // price of every service or of the listed ones (`service_ids`, a JSON array),
                // for visits that start before `expires_at` (none: no end), until revoked.
                """
                CREATE TABLE client_discounts (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
                    percent \(t.integer) CHECK (percent IS NULL OR (percent >= 1 AND percent <= 100)),
                    amount_minor \(t.bigint) CHECK (amount_minor IS NULL OR amount_minor > 0),
                    service_ids TEXT,
                    expires_at \(t.timestamp),
                    note TEXT,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    revoked_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE INDEX client_discounts_client_idx ON client_discounts (tenant_id, client_id, created_at, id)",
            ]
        },
    ]
}
