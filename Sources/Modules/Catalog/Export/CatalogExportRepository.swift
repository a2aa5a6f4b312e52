import CRMCore

/// Catalog's files of the studio's data export: services, service packages and their items, the
/// packages sold to clients with their units and visits, personal discounts, staff (with the services they perform),
/// locations and rooms. Weekly schedules are JSON text, as stored.
public enum CatalogExport {
    public static let sources: [any DataExportSource] = [
        TableExport(
            fileName: "services.csv", table: "services", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("category"), .named("name"), .named("description"), ExportColumn("base_price", "base_price_minor", .money),
                ExportColumn("cost", "cost_minor", .money), .named("duration_minutes", .int), .named("break_minutes", .int),
                .named("online_bookable", .bool), .named("deposit_rule"), .named("active", .bool), .named("created_at", .time),
                .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "service_packages.csv", table: "service_packages", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), ExportColumn("price", "price_minor", .money), .named("validity_days", .int),
                .named("active", .bool), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "service_package_items.csv", table: "service_package_items", keys: [("package_id", .uuid), ("service_id", .uuid)],
            fields: [.named("package_id", .uuid), .named("service_id", .uuid), .named("unit_count", .int), .named("position", .int)]),
        TableExport(
            fileName: "client_packages.csv", table: "client_packages", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("package_id", .uuid), .named("name"),
                ExportColumn("price", "price_minor", .money), .named("sold_at", .time), .named("expires_at", .time), .named("sold_by", .uuid),
            ]),
        TableExport(
            fileName: "client_package_units.csv", table: "client_package_units", keys: [("client_package_id", .uuid), ("service_id", .uuid)],
            fields: [.named("client_package_id", .uuid), .named("service_id", .uuid), .named("total", .int), .named("remaining", .int)]),
        TableExport(
            fileName: "client_package_visits.csv", table: "client_package_visits", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_package_id", .uuid), .named("service_id", .uuid), .named("appointment_id", .uuid),
                .named("client_id", .uuid), .named("state"), .named("reserved_at", .time), .named("settled_at", .time),
            ]),
        TableExport(
            fileName: "client_discounts.csv", table: "client_discounts", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("client_id", .uuid), .named("kind"), .named("percent", .int),
                ExportColumn("amount", "amount_minor", .money), .named("service_ids"), .named("expires_at", .time), .named("note"),
                .named("created_by", .uuid), .named("created_at", .time), .named("revoked_at", .time),
            ]),
        TableExport(
            fileName: "staff.csv", table: "staff", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("user_id", .uuid), .named("color"), .named("active", .bool),
                .named("location_id", .uuid), .named("schedule"), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "staff_services.csv", table: "staff_services", keys: [("staff_id", .uuid), ("service_id", .uuid)],
            fields: [.named("staff_id", .uuid), .named("service_id", .uuid)]),
        TableExport(
            fileName: "locations.csv", table: "locations", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("address"), .named("phone"), .named("schedule"), .named("active", .bool),
                .named("is_default", .bool), .named("created_at", .time), .named("updated_at", .time),
            ]),
        TableExport(
            fileName: "rooms.csv", table: "rooms", keys: [("id", .uuid)],
            fields: [
                .named("id", .uuid), .named("name"), .named("location_id", .uuid), .named("active", .bool), .named("created_at", .time),
                .named("updated_at", .time),
            ]),
    ]
}
