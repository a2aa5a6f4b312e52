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
        Migration(module: "waitlist", number: 2, name: "waitlist offers") { t in
            [
                // The hold (`appointment_id`) is inserted in the same transaction, after the offer
                // row (the booking's admission hook), so it is no foreign key; the entry is.
                // At most one live offer per chain: the partial unique index.
                """
                CREATE TABLE waitlist_offers (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    chain_id \(t.uuid) NOT NULL,
                    entry_id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    appointment_id \(t.uuid) NOT NULL,
                    source_appointment_id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid) NOT NULL,
                    freed_starts_at \(t.timestamp) NOT NULL,
                    freed_ends_at \(t.timestamp) NOT NULL,
                    offer_rank \(t.integer) NOT NULL,
                    score \(t.integer) NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'expired', 'withdrawn')),
                    token_hash TEXT NOT NULL,
                    channel TEXT,
                    expires_at \(t.timestamp) NOT NULL,
                    answered_at \(t.timestamp),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, entry_id) REFERENCES waitlist_entries (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE UNIQUE INDEX waitlist_offers_token_idx ON waitlist_offers (tenant_id, token_hash)",
                "CREATE UNIQUE INDEX waitlist_offers_live_idx ON waitlist_offers (tenant_id, chain_id) WHERE status = 'offered'",
                "CREATE INDEX waitlist_offers_source_idx ON waitlist_offers (tenant_id, source_appointment_id, created_at)",
                "CREATE INDEX waitlist_offers_hold_idx ON waitlist_offers (tenant_id, appointment_id)",
            ]
        },
    ]
}
