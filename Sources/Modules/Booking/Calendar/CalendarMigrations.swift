import CRMCore

/// Schema of the per-staff calendar feed secrets. Append only.
public enum CalendarMigrations {
    public static let all: [Migration] = [
        Migration(module: "calendar", number: 1, name: "calendar feed tokens") { t in
            [
                """
                CREATE TABLE calendar_feed_tokens (
                    tenant_id \(t.uuid) NOT NULL,
                    staff_id \(t.uuid) NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, staff_id),
                    FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id)
                )
                """
            ]
        }
    ]
}
