import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// A cursor is client input: one forged with more sort values than the list uses must be
/// `400 cursor: invalid` on every keyset list, never a trap that takes the server down.
@Suite struct ForgedCursorTests {
    static let forged = Cursor.encode(KeysetPosition(values: [.text("a"), .text("b"), .text("c")], id: UUID()))

    @Test func everyKeysetListRefusesAForgedCursor() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let location = try #require(
                try await app.database.sql.raw("SELECT id FROM locations WHERE tenant_id = \(bind: world.tenant.id)").first()?
                    .decode(column: "id", as: UUID.self))
            let lists = [
                "/api/v1/users", "/api/v1/audit", "/api/v1/clients", "/api/v1/services", "/api/v1/service-packages", "/api/v1/staff",
                "/api/v1/locations", "/api/v1/rooms", "/api/v1/appointments", "/api/v1/locations/\(location.uuidString.lowercased())/overrides",
            ]
            for list in lists {
                // when
                let response = try await client.call(.get, "\(list)?cursor=\(Self.forged)", as: .bearer(world.token))
                // then
                #expect(response.status == .badRequest, "\(list): \(response.status)")
                #expect(response.errorBody?.fields == ["cursor": "invalid"], "\(list): \(response.text)")
            }
        }
    }
}
