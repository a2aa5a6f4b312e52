import CRMCore

/// The waitlist's table (SPEC §5).
public enum WaitlistMigrations {
    public static let all: [Migration] = [
        Migration(module: "waitlist", number: 1, name: "waitlist entries") { t in
            [
                // `days`: a JSON array of ISO weekdays; `windows`: a JSON array of [start, end)
                // minute pairs; `not_before`: a local date (YYYY-MM-DD); `expires_at`: the midnight
                // after the last day. One booking at most is made from an entry.
                """
                CREATE TABLE waitlist_entries (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    service_id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid),
                    days TEXT NOT NULL,
                    windows TEXT NOT NULL,
                    not_before TEXT,
                    expires_at \(t.timestamp),
                    priority \(t.integer) NOT NULL CHECK (priority >= 1 AND priority <= 5),
                    channel TEXT CHECK (channel IS NULL OR channel IN ('sms', 'email', 'telegram')),
                    notes TEXT,
                    status TEXT NOT NULL CHECK (status IN ('active', 'offered', 'booked', 'expired', 'cancelled')),
                    appointment_id \(t.uuid),
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
                    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
                )
                """,
                "CREATE INDEX waitlist_entries_status_idx ON waitlist_entries (tenant_id, status, created_at, id)",
                "CREATE INDEX waitlist_entries_client_idx ON waitlist_entries (tenant_id, client_id, created_at)",
            ]
        },
    ]
}
