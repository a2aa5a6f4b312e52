import CRMCore

/// Billing's wallet files of the studio's data export: each client's balance and every change of
/// it, in ledger order.
public enum WalletsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "client_wallets.csv", table: "client_wallets", keys: [("client_id", .uuid)],
            fields: [
                .named("client_id", .uuid), ExportColumn("balance", "balance_minor", .money), .named("currency"), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "wallet_entries.csv", table: "wallet_entries", keys: [("client_id", .uuid), ("position", .int)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("position", .int), .named("kind"),
                ExportColumn("amount", "amount_minor", .money), ExportColumn("balance_after", "balance_after_minor", .money),
                .named("currency"), .named("payment_id", .uuid), .named("invoice_id", .uuid), .named("appointment_id", .uuid),
                .named("comment"), .named("created_by", .uuid), .named("created_at", .time),
            ]),
    ]
}
