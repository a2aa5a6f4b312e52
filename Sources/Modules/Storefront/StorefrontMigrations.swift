import CRMCore

/// Schema of the storefront's own settings. Append only.
public enum StorefrontMigrations {
    public static let all: [Migration] = [
        Migration(module: "storefront", number: 1, name: "storefront guards, captcha and custom host per studio") { t in
            [
                """
                CREATE TABLE storefront_settings (
                    tenant_id \(t.uuid) PRIMARY KEY REFERENCES tenants (id),
                    custom_host TEXT,
                    captcha_enabled \(t.bool) NOT NULL,
                    captcha_site_key TEXT,
                    captcha_server_key TEXT,
                    phone_daily_limit \(t.integer) NOT NULL,
                    phone_upcoming_limit \(t.integer) NOT NULL,
                    updated_by \(t.uuid),
                    updated_at \(t.timestamp) NOT NULL
                )
                """,
                // One studio per host name across the installation; studios without one coexist (NULLs never collide).
                "CREATE UNIQUE INDEX storefront_settings_custom_host_key ON storefront_settings (custom_host)",
            ]
        },
        Migration(module: "storefront", number: 2, name: "the Telegram booking conversation's state per chat") { t in
            [
                """
                CREATE TABLE telegram_conversations (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    chat_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    expires_at \(t.timestamp) NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, chat_id)
                )
                """
            ]
        },
        Migration(module: "storefront", number: 3, name: "staff members' Telegram accounts for the Mini App") { t in
            [
                """
                CREATE TABLE telegram_staff_links (
                    tenant_id \(t.uuid) NOT NULL REFERENCES tenants (id),
                    staff_id \(t.uuid) NOT NULL,
                    telegram_user_id \(t.bigint),
                    token_hash TEXT,
                    token_expires_at \(t.timestamp),
                    linked_at \(t.timestamp),
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, staff_id)
                )
                """,
                "CREATE UNIQUE INDEX telegram_staff_links_token_key ON telegram_staff_links (token_hash)",
                "CREATE INDEX telegram_staff_links_user_idx ON telegram_staff_links (tenant_id, telegram_user_id)",
            ]
        },
    ]
}

/// The storefront's file of the studio's data export: the settings without the captcha's server
/// key (a credential never travels in an export).
public enum StorefrontExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "storefront_settings.csv", table: "storefront_settings", keys: [("tenant_id", .uuid)],
            fields: [
                .named("custom_host"), .named("captcha_enabled", .bool), .named("captcha_site_key"), .named("phone_daily_limit", .int),
                .named("phone_upcoming_limit", .int), .named("updated_at", .time),
            ])
    ]
}
