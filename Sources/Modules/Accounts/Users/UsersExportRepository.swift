import CRMCore

/// Accounts' files of the studio's data export: the studio itself and its users. Never exported:
/// password hashes, two-factor secrets, sessions, access and one-time tokens.
public enum AccountsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "studio.csv", table: "tenants", tenantColumn: "id", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("slug"), .named("plan"), .named("status"), .named("timezone"),
                .named("locale"), .named("currency"), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "users.csv", table: "users", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("email"), .named("phone"), .named("role"), .named("status"),
                .named("timezone"), .named("locale"), .named("email_verified_at", .time), .named("totp_enabled_at", .time),
                .named("last_login_at", .time), .named("created_at", .time), .named("updated_at", .time),
            ]),
    ]
}
