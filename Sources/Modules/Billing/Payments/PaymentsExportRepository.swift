import CRMCore

/// Billing's payment file of the studio's data export: payments and refunds (a refund is a
/// payment row of kind `refund` pointing at its parent). Left out on purpose: the provider's
/// client secret and confirmation link (credentials of a pending payment), the provider's raw
/// payload, and the refund reservation (bookkeeping of a refund in flight).
public enum PaymentsExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "payments.csv", table: "payments", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("chain_id", .uuid), .named("parent_id", .uuid), .named("invoice_id", .uuid),
                .named("appointment_id", .uuid), .named("client_id", .uuid), .named("kind"), .named("provider"),
                .named("provider_payment_id"), .named("status"), ExportColumn("amount", "amount_minor", .money), .named("currency"),
                .named("capture", .bool), ExportColumn("refunded", "refunded_minor", .money), .named("attempt", .int),
                .named("is_fallback", .bool), .named("failure_reason"), .named("comment"), .named("succeeded_at", .time),
                .named("superseded_at", .time), .named("created_by", .uuid), .named("created_at", .time), .named("updated_at", .time),
            ])
    ]
}
