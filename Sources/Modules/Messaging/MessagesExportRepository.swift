import CRMCore

/// Messaging's files of the studio's data export: every message (both directions, every channel)
/// and the studio's own templates.
public enum MessagingExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "messages.csv", table: "messages", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("appointment_id", .uuid), .named("channel"), .named("direction"),
                .named("kind"), .named("recipient"), .named("subject"), .named("body"), .named("template_key"),
                .named("template_values"), .named("status"), .named("provider"), .named("provider_message_id"),
                ExportColumn("cost", "cost_minor", .money), .named("cost_currency"), .named("scheduled_at", .time), .named("sent_at", .time),
                .named("delivered_at", .time), .named("read_at", .time), .named("failed_at", .time), .named("error"),
                .named("attempts", .int), .named("fallback_from", .uuid), .named("external_id"), .named("created_by", .uuid),
                .named("created_at", .time),
            ]),
        TableExport(
            fileName: "message_templates.csv", table: "message_templates",
            keys: [("template_key", .text), ("channel", .text), ("locale", .text)],
            fields: [
                .named("template_key"), .named("channel"), .named("locale"), .named("subject"), .named("body"), .named("updated_by", .uuid),
                .named("updated_at", .time),
            ]),
    ]
}
