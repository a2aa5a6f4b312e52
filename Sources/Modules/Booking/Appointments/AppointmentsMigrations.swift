import CRMCore
import Foundation

/// Schema of appointments. Append only.
public enum AppointmentsMigrations {
    public static let all: [Migration] = [
        Migration(module: "appointments", number: 1, name: "appointments") { t in
            [
                // Duration, break and price are copied from the service at booking: later catalogue
                // edits never move or reprice an existing appointment. `holds_until` = `ends_at` +
                // break: the end of the time the appointment keeps its staff member and room busy.
                """
                CREATE TABLE appointments (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid) NOT NULL,
                    location_id \(t.uuid) NOT NULL,
                    room_id \(t.uuid),
                    starts_at \(t.timestamp) NOT NULL,
                    ends_at \(t.timestamp) NOT NULL,
                    holds_until \(t.timestamp) NOT NULL,
                    duration_minutes INTEGER NOT NULL,
                    break_minutes INTEGER NOT NULL,
                    price_minor BIGINT NOT NULL,
                    currency TEXT,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    deposit_amount_minor BIGINT,
                    deposit_status TEXT NOT NULL,
                    payment_status TEXT NOT NULL,
                    cancellation_fee_minor BIGINT,
                    source TEXT NOT NULL,
                    notes TEXT,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    CHECK (ends_at > starts_at AND holds_until >= ends_at),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
                    FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
                    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
                    FOREIGN KEY (tenant_id, room_id) REFERENCES rooms (tenant_id, id),
                    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
                )
                """,
                // The calendar: one staff member's range, and everyone's range.
                "CREATE INDEX appointments_staff_time_idx ON appointments (tenant_id, staff_id, starts_at)",
                "CREATE INDEX appointments_time_idx ON appointments (tenant_id, starts_at)",
                "CREATE INDEX appointments_room_time_idx ON appointments (tenant_id, room_id, starts_at)",
                "CREATE INDEX appointments_client_idx ON appointments (tenant_id, client_id, starts_at)",
            ]
        },
        Migration(module: "appointments", number: 2, name: "no overlapping holds (PostgreSQL exclusion constraints)") { context in
            // SQLite has no exclusion constraints: there the overlap check and the write share one
            // `BEGIN IMMEDIATE` transaction (AppointmentsService), which serialises all writers.
            guard context.dialect == .postgres else { return }
            // Holding statuses frozen as they were when this shipped (AppointmentStatus.holding).
            let holding = "status IN ('pending', 'deposit_required', 'confirmed', 'in_progress')"
            try await context.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            try await context.execute(
                """
                ALTER TABLE appointments ADD CONSTRAINT appointments_staff_no_overlap
                EXCLUDE USING gist (tenant_id WITH =, staff_id WITH =, tstzrange(starts_at, holds_until, '[)') WITH &&)
                WHERE (\(holding))
                """)
            try await context.execute(
                """
                ALTER TABLE appointments ADD CONSTRAINT appointments_room_no_overlap
                EXCLUDE USING gist (tenant_id WITH =, room_id WITH =, tstzrange(starts_at, holds_until, '[)') WITH &&)
                WHERE (room_id IS NOT NULL AND \(holding))
                """)
        },
        Migration(module: "appointments", number: 3, name: "the package a booking took a visit from") { t in
            ["ALTER TABLE appointments ADD COLUMN client_package_id \(t.uuid)"]
        },
        Migration(module: "appointments", number: 4, name: "the personal discount applied at booking") { t in
            [
                "ALTER TABLE appointments ADD COLUMN discount_id \(t.uuid)",
                "ALTER TABLE appointments ADD COLUMN discount_minor \(t.bigint)",
            ]
        },
    ]
}
