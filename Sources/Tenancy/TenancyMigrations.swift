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
        },
        Migration(module: "tenancy", number: 2, name: "sessions, access tokens, login failures") { t in
            [
                """
                CREATE TABLE sessions (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    user_id \(t.uuid) NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    csrf_token TEXT NOT NULL,
                    ip TEXT,
                    user_agent TEXT,
                    created_at \(t.timestamp) NOT NULL,
                    expires_at \(t.timestamp) NOT NULL,
                    revoked_at \(t.timestamp),
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
                )
                """,
                "CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id)",
                """
                CREATE TABLE access_tokens (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    user_id \(t.uuid) NOT NULL,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    expires_at \(t.timestamp),
                    last_used_at \(t.timestamp),
                    revoked_at \(t.timestamp),
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
                )
                """,
                "CREATE INDEX access_tokens_user_idx ON access_tokens (tenant_id, user_id)",
                """
                CREATE TABLE login_failures (
                    scope TEXT NOT NULL,
                    failed_at \(t.timestamp) NOT NULL
                )
                """,
                "CREATE INDEX login_failures_scope_idx ON login_failures (scope, failed_at)",
            ]
        },
        Migration(module: "tenancy", number: 3, name: "one-time user tokens, two-factor secrets") { t in
            [
                // Password reset and invitation tokens: stored hashed, single use, expiring.
                """
                CREATE TABLE user_tokens (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    user_id \(t.uuid) NOT NULL,
                    purpose TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    expires_at \(t.timestamp) NOT NULL,
                    used_at \(t.timestamp),
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
                )
                """,
                "CREATE INDEX user_tokens_user_idx ON user_tokens (tenant_id, user_id, purpose)",
                // TOTP seeds are sealed with the server's secret key (`SecretBox`).
                "ALTER TABLE users ADD COLUMN totp_secret TEXT",
                "ALTER TABLE users ADD COLUMN totp_pending_secret TEXT",
                "ALTER TABLE users ADD COLUMN totp_enabled_at \(t.timestamp)",
                // The last accepted time step: a code is never accepted twice.
                "ALTER TABLE users ADD COLUMN totp_last_step \(t.bigint)",
            ]
        },
        // Enabling returns a user to the status they had before disabling (an invited user stays
        // invited). Before this, enabling a disabled invitee made them `active` without a
        // password, and such a phantom counted as an owner for the last-owner guard.
        Migration(module: "tenancy", number: 4, name: "status before disabling") { _ in
            ["ALTER TABLE users ADD COLUMN status_before_disable TEXT"]
        },
        Migration(module: "tenancy", number: 5, name: "invitees made active without accepting are invited again") { _ in
            let neverAccepted = """
                EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = users.tenant_id AND a.entity_type = 'user'
                        AND LOWER(a.entity_id) = LOWER(CAST(users.id AS TEXT)) AND a.action = 'user.invited')
                AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = users.tenant_id AND a.entity_type = 'user'
                        AND LOWER(a.entity_id) = LOWER(CAST(users.id AS TEXT)) AND a.action = 'user.invitation_accepted')
                """
            return [
                "UPDATE users SET status = 'invited' WHERE status = 'active' AND \(neverAccepted)",
                "UPDATE users SET status_before_disable = 'invited' WHERE status = 'disabled' AND \(neverAccepted)",
            ]
        },
        // When the user proved they read the address (a verification link, or accepting an
        // invitation sent to it); null: not yet.
        Migration(module: "tenancy", number: 6, name: "email verification") { t in
            ["ALTER TABLE users ADD COLUMN email_verified_at \(t.timestamp)"]
        },
    ]
}
