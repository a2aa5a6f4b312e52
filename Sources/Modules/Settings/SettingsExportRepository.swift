import CRMCore

/// Settings' file of the studio's data export: every saved section as its key and JSON value
/// (a section never saved has no row: its defaults apply). No section holds a credential;
/// provider keys live in Integrations, whose export leaves them out.
public enum SettingsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "settings.csv", table: "tenant_settings", keys: [("section", .text)],
            fields: [.named("section"), .named("value"), .named("updated_by", .uuid), .named("updated_at", .time)])
    ]
}
