import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import TestSupport

extension CrossTenantProbes {
    /// A's staff feed can be neither read, issued nor switched off by B.
    static let calendarFeed = CrossTenantProbe(
        name: "calendar feed",
        fixture: { world, app in
            let staff = try await CalendarFeedTesting.addStaff(world, app)
            try await app.database.sql.raw(
                """
                INSERT INTO calendar_feed_tokens (tenant_id, staff_id, token_hash, created_at)
                VALUES (\(bind: world.tenant.id), \(bind: staff), 'probe-hash', \(bind: testNow))
                """
            ).run()
            return ["id": staff.uuidString.lowercased()]
        },
        routes: [
            .init(.get, "/api/v1/staff/{id}/calendar-feed"),
            .init(.post, "/api/v1/staff/{id}/calendar-feed"),
            .init(.delete, "/api/v1/staff/{id}/calendar-feed"),
        ],
        lists: [],
        intact: { world, app, parameters in
            let hash = try await app.database.sql.raw(
                "SELECT token_hash FROM calendar_feed_tokens WHERE tenant_id = \(bind: world.tenant.id) AND staff_id = \(bind: UUID(uuidString: parameters["id"] ?? ""))"
            ).first()?.decode(column: "token_hash", as: String.self)
            return hash == "probe-hash"
        })
}

enum CalendarFeedTesting {
    /// A staff member of the world's studio, inserted at its default location.
    static func addStaff(_ world: StudioWorld, _ app: TestApp) async throws -> UUID {
        let id = UUID()
        let location = try await app.database.sql.raw("SELECT id FROM locations WHERE tenant_id = \(bind: world.tenant.id)").first()?
            .decode(column: "id", as: UUID.self)
        try await app.database.sql.raw(
            """
            INSERT INTO staff (tenant_id, id, name, color, active, location_id, schedule, created_at, updated_at)
            VALUES (\(bind: world.tenant.id), \(bind: id), 'Probe Staff', '#8E7CC3', \(bind: true), \(bind: location), '{}', \(bind: testNow), \(bind: testNow))
            """
        ).run()
        return id
    }
}
