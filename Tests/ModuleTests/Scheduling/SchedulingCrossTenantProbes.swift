import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import Modules
@testable import Catalog

extension CrossTenantProbes {
    /// A location of A with an override: B can neither read, change nor list them.
    static let locations = CrossTenantProbe(
        name: "locations",
        fixture: { world, app in
            let ids = try await SchedulingFixtures.location(world, app)
            return ["id": ids.location, "overrideId": ids.override]
        },
        routes: [
            .init(.get, "/api/v1/locations/{id}"),
            .init(.patch, "/api/v1/locations/{id}", json: #"{"name":"Taken Over","active":false}"#),
            .init(.get, "/api/v1/locations/{id}/overrides"),
            .init(.post, "/api/v1/locations/{id}/overrides", json: #"{"date":"2026-07-01","kind":"day_off"}"#),
            .init(.delete, "/api/v1/locations/{id}/overrides/{overrideId}"),
        ],
        lists: [.init(path: "/api/v1/locations") { try $0.decoded(SchedulingPage<LocationBody>.self).items.map(\.id) }],
        intact: { world, app, parameters in
            try await SchedulingFixtures.intact(
                app, world, table: "locations", id: parameters["id"], name: "A's Branch", overrideId: parameters["overrideId"])
        })

    /// A staff member of A with an override.
    static let staff = CrossTenantProbe(
        name: "staff",
        fixture: { world, app in
            let ids = try await SchedulingFixtures.staff(world, app)
            return ["id": ids.staff, "overrideId": ids.override]
        },
        routes: [
            .init(.get, "/api/v1/staff/{id}"),
            .init(.patch, "/api/v1/staff/{id}", json: #"{"name":"Taken Over","schedule":{}}"#),
            .init(.get, "/api/v1/staff/{id}/overrides"),
            .init(.post, "/api/v1/staff/{id}/overrides", json: #"{"date":"2026-07-01","kind":"day_off"}"#),
            .init(.delete, "/api/v1/staff/{id}/overrides/{overrideId}"),
        ],
        lists: [.init(path: "/api/v1/staff") { try $0.decoded(SchedulingPage<StaffMemberBody>.self).items.map(\.id) }],
        intact: { world, app, parameters in
            try await SchedulingFixtures.intact(
                app, world, table: "staff", id: parameters["id"], name: "A's Master", overrideId: parameters["overrideId"])
        })

    static let rooms = CrossTenantProbe(
        name: "rooms",
        fixture: { world, app in ["id": try await SchedulingFixtures.room(world, app)] },
        routes: [
            .init(.get, "/api/v1/rooms/{id}"),
            .init(.patch, "/api/v1/rooms/{id}", json: #"{"name":"Taken Over"}"#),
        ],
        lists: [.init(path: "/api/v1/rooms") { try $0.decoded(SchedulingPage<RoomBody>.self).items.map(\.id) }],
        intact: { world, app, parameters in
            try await SchedulingFixtures.intact(app, world, table: "rooms", id: parameters["id"], name: "A's Room", overrideId: nil)
        })
}

/// Rows of tenant A for the probes, written through the module's repositories.
enum SchedulingFixtures {
    static func location(_ world: StudioWorld, _ app: TestApp) async throws -> (location: String, override: String) {
        let location = Location(
            id: .random(), tenantId: world.tenant.id, name: "A's Branch", address: nil, phone: nil, schedule: LocationsService.defaultSchedule,
            active: true, isDefault: false, createdAt: testNow, updatedAt: testNow)
        try await LocationRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(location)
        return (location.id.description, try await override(of: .location(location.id), world, app))
    }

    static func staff(_ world: StudioWorld, _ app: TestApp) async throws -> (staff: String, override: String) {
        let home = try #require(try await LocationRepository(sql: app.database.sql, tenantId: world.tenant.id).defaultLocation())
        let member = StaffMember(
            id: .random(), tenantId: world.tenant.id, name: "A's Master", userId: nil, color: "#8E7CC3", active: true, locationId: home.id,
            schedule: home.schedule, serviceIds: [], createdAt: testNow, updatedAt: testNow)
        try await StaffRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(member)
        return (member.id.description, try await override(of: .staff(member.id), world, app))
    }

    static func room(_ world: StudioWorld, _ app: TestApp) async throws -> String {
        let home = try #require(try await LocationRepository(sql: app.database.sql, tenantId: world.tenant.id).defaultLocation())
        let room = Room(
            id: .random(), tenantId: world.tenant.id, name: "A's Room", locationId: home.id, active: true, serviceIds: [], createdAt: testNow,
            updatedAt: testNow)
        try await RoomRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(room)
        return room.id.description
    }

    static func override(of owner: ScheduleOwner, _ world: StudioWorld, _ app: TestApp) async throws -> String {
        let override = ScheduleOverride(
            id: .random(), owner: owner, date: LocalDate(iso: "2026-07-02")!, kind: .dayOff, intervals: [], reason: nil, createdAt: testNow)
        try await ScheduleOverrideRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(override)
        return override.id.description
    }

    /// A's row still has its name and (when given) its override.
    static func intact(_ app: TestApp, _ world: StudioWorld, table: String, id: String?, name: String, overrideId: String?) async throws -> Bool {
        guard let id = id.flatMap(UUID.init(uuidString:)) else { return false }
        let row = try await app.database.sql.raw(
            "SELECT name FROM \(ident: table) WHERE tenant_id = \(bind: world.tenant.id) AND id = \(bind: id)"
        ).first()
        guard try row?.decode(column: "name", as: String.self) == name else { return false }
        guard let overrideId = overrideId.flatMap(UUID.init(uuidString:)) else { return true }
        return try await app.database.sql.raw(
            "SELECT id FROM schedule_overrides WHERE tenant_id = \(bind: world.tenant.id) AND id = \(bind: overrideId)"
        ).first() != nil
    }
}

/// Override ids cross no tenant line even when the path's own id is the caller's.
@Suite struct SchedulingCrossTenantTests {
    @Test func anotherTenantsOverrideIdUnderOwnStaffOrLocationIsNotFound() async throws {
        try await withTestApp { client, app in
            // given: A's staff override and location override; B's own staff member and location
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.scheduling(client, app)
            let aStaff = try await SchedulingFixtures.staff(a, app)
            let aLocation = try await SchedulingFixtures.location(a, app)
            let bStaff = try await client.call(.post, "/api/v1/staff", as: .bearer(b.token), json: #"{"name":"B's Master"}"#)
                .decoded(StaffMemberBody.self)
            // when
            let viaStaff = try await client.call(.delete, "/api/v1/staff/\(bStaff.id)/overrides/\(aStaff.override)", as: .bearer(b.token))
            let viaLocation = try await client.call(
                .delete, "/api/v1/locations/\(b.defaultLocationId)/overrides/\(aLocation.override)", as: .bearer(b.token))
            let mixed = try await client.call(.delete, "/api/v1/staff/\(bStaff.id)/overrides/\(aLocation.override)", as: .bearer(b.token))
            // then
            #expect(viaStaff.status == .notFound && viaStaff.errorCode == "not_found")
            #expect(viaLocation.status == .notFound && mixed.status == .notFound)
            #expect(try await SchedulingFixtures.intact(app, a, table: "staff", id: aStaff.staff, name: "A's Master", overrideId: aStaff.override))
            #expect(
                try await SchedulingFixtures.intact(
                    app, a, table: "locations", id: aLocation.location, name: "A's Branch", overrideId: aLocation.override))
            // B cannot link A's location, users or staff ids either
            let placed = try await client.call(
                .post, "/api/v1/rooms", as: .bearer(b.token), json: #"{"name":"R","locationId":"\#(aLocation.location)"}"#)
            #expect(placed.errorBody?.fields == ["locationId": "not_found"])
            let linked = try await client.call(.post, "/api/v1/staff", as: .bearer(b.token), json: #"{"name":"S","userId":"\#(a.owner.id)"}"#)
            #expect(linked.errorBody?.fields == ["userId": "not_found"])
        }
    }
}
