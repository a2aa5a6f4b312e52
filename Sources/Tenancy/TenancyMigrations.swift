import CRMCore

/// Schema of tenants and their users. Append only.
public enum TenancyMigrations {
    public static let all: [Migration] = [
        Migration(module: "tenancy", number: 1, name: "tenants and users") { t in
            [
                """
                CREATE TABLE tenants (
                    id \(t.uuid) PRIMARY KEY,
                    name TEXT NOT NULL,
                    slug TEXT NOT NULL UNIQUE,
                    plan TEXT NOT NULL,
                    status TEXT NOT NULL,
                    timezone TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL
                )
                """,
                """
                CREATE TABLE users (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    email_normalized TEXT NOT NULL UNIQUE,
                    phone TEXT,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    status TEXT NOT NULL,
                    timezone TEXT,
                    locale TEXT,
                    last_login_at \(t.timestamp),
                    created_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    UNIQUE (id)
                )
                """,
            ]
        }
    ]
}
