import CRMCore

/// Clients' files of the studio's data export: the clients, their tags, consents and notes.
/// The internal search keys (`name_key`, `email_key`, `last_visit_key`) are left out.
public enum ClientsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "clients.csv", table: "clients", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("phone"), .named("email"), .named("birthday"), .named("locale"),
                .named("allergies"), .named("preferences"), .named("loyalty_level"), .named("telegram_chat_id"),
                .named("visits_count", .int), .named("total_spent", .money), .named("no_show_count", .int),
                .named("late_cancel_count", .int), .named("last_visit_at", .time), .named("created_by", .uuid),
                .named("archived_at", .time), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "client_tags.csv", table: "client_tags", keys: [("client_id", .uuid), ("tag", .text)],
            fields: [.named("client_id", .uuid), .named("tag"), .named("automatic", .bool), .named("created_at", .time)]),
        TableExport(
            fileName: "client_consents.csv", table: "client_consents", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("kind"), .named("granted", .bool), .named("source"), .named("ip"),
                .named("recorded_by", .uuid), .named("created_at", .time), .named("revoked_at", .time), .named("revoked_by", .uuid),
            ]),
        TableExport(
            fileName: "client_notes.csv", table: "client_notes", keys: [("id", .uuid)],
            fields: [.named("id", .uuid), .named("client_id", .uuid), .named("author_id", .uuid), .named("body"), .named("created_at", .time)]),
    ]
}
