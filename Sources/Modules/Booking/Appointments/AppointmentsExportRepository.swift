import CRMCore

/// Booking's files of the studio's data export: every appointment, in every status, every
/// waitlist entry and every automatic offer (the token's hash is left out).
public enum BookingExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "appointments.csv", table: "appointments", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("service_id", .uuid), .named("staff_id", .uuid),
                .named("location_id", .uuid), .named("room_id", .uuid), .named("starts_at", .time), .named("ends_at", .time),
                .named("duration_minutes", .int), .named("break_minutes", .int), ExportColumn("price", "price_minor", .money),
                .named("currency"), .named("status"), .named("status_reason"), ExportColumn("deposit_amount", "deposit_amount_minor", .money),
                .named("deposit_status"), .named("payment_status"), ExportColumn("cancellation_fee", "cancellation_fee_minor", .money),
                .named("source"), .named("notes"), .named("client_package_id", .uuid), .named("discount_id", .uuid),
                ExportColumn("discount_amount", "discount_minor", .money), .named("created_by", .uuid),
                .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "waitlist.csv", table: "waitlist_entries", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("service_id", .uuid), .named("staff_id", .uuid), .named("days"),
                .named("windows"), .named("not_before"), .named("expires_at", .time), .named("priority", .int), .named("channel"),
                .named("notes"), .named("status"), .named("appointment_id", .uuid), .named("created_by", .uuid), .named("created_at", .time),
                .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "waitlist_offers.csv", table: "waitlist_offers", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("chain_id", .uuid), .named("entry_id", .uuid), .named("client_id", .uuid),
                .named("appointment_id", .uuid), .named("source_appointment_id", .uuid), .named("staff_id", .uuid),
                .named("freed_starts_at", .time), .named("freed_ends_at", .time),
                .named("offer_rank", .int), .named("score", .int), .named("status"), .named("channel"), .named("expires_at", .time),
                .named("answered_at", .time), .named("created_at", .time), .named("updated_at", .time),
            ]),
    ]
}
