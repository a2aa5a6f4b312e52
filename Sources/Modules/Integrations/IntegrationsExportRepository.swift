import CRMCore

/// Integrations' file of the studio's data export: which providers are connected and how their
/// last check went. Deliberately not exported: `secrets` (sealed API keys, tokens, webhook
/// secrets) and `settings` (account identifiers and endpoints of the provider, which with a key
/// would reach the studio's accounts) — an export is a file that travels, credentials must not.
public enum IntegrationsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "integrations.csv", table: "integrations", keys: [("provider", .text)],
            fields: [
                .named("provider"), .named("channel"), .named("enabled", .bool), .named("last_tested_at", .time),
                .named("last_test_ok", .bool), .named("created_at", .time), .named("updated_at", .time),
            ])
    ]
}
