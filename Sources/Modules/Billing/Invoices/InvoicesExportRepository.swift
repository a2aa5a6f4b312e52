import CRMCore

/// Billing's invoice files of the studio's data export: invoices and their items.
public enum InvoicesExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "invoices.csv", table: "invoices", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("number"), .named("client_id", .uuid), .named("appointment_id", .uuid), .named("status"),
                .named("currency"), ExportColumn("subtotal", "subtotal_minor", .money), ExportColumn("discount", "discount_minor", .money),
                ExportColumn("payable", "payable_minor", .money), ExportColumn("paid", "paid_minor", .money),
                ExportColumn("refunded", "refunded_minor", .money), .named("notes"), .named("issued_at", .time), .named("voided_at", .time),
                .named("void_reason"), .named("created_by", .uuid), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "invoice_items.csv", table: "invoice_items", keys: [("invoice_id", .uuid), ("position", .int)],
            fields: [
                .named("invoice_id", .uuid), .named("position", .int), .named("service_id", .uuid), .named("description"),
                .named("quantity", .int), ExportColumn("unit_price", "unit_price_minor", .money), ExportColumn("total", "total_minor", .money),
            ]),
    ]
}
