import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import TestSupport

extension CrossTenantProbes {
    /// A's master's Telegram link can be neither read, issued nor removed by B.
    static let telegramStaffLinks = CrossTenantProbe(
        name: "telegram staff links",
        fixture: { world, app in
            let staff = try await CalendarFeedTesting.addStaff(world, app)
            try await app.database.sql.raw(
                """
                INSERT INTO telegram_staff_links (tenant_id, staff_id, telegram_user_id, linked_at, updated_at)
                VALUES (\(bind: world.tenant.id), \(bind: staff), 4242, \(bind: testNow), \(bind: testNow))
                """
            ).run()
            return ["id": staff.uuidString.lowercased()]
        },
        routes: [
            .init(.get, "/api/v1/staff/{id}/telegram-link"),
            .init(.post, "/api/v1/staff/{id}/telegram-link"),
            .init(.delete, "/api/v1/staff/{id}/telegram-link"),
        ],
        lists: [],
        intact: { world, app, parameters in
            let user = try await app.database.sql.raw(
                "SELECT telegram_user_id FROM telegram_staff_links WHERE tenant_id = \(bind: world.tenant.id) AND staff_id = \(bind: UUID(uuidString: parameters["id"] ?? ""))"
            ).first()?.decode(column: "telegram_user_id", as: Int64?.self)
            return user == 4242
        })
}
