import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import CRMServer

/// Locations: the default one every tenant has, CRUD, the default's rules, overrides.
@Suite struct LocationsTests {
    @Test func registrationCreatesTheDefaultLocationInTheSameTransaction() async throws {
        try await withTestApp { client, _ in
            // when
            let session = try await AuthFlow.register(client, slug: "brow-bar", email: "owner@brow.test")
            // then
            let page = try await client.call(.get, "/api/v1/locations", as: .browser(session)).decoded(SchedulingPage<LocationBody>.self)
            #expect(page.items.count == 1)
            let location = try #require(page.items.first)
            #expect(location.isDefault && location.active)
            #expect(location.name == "Studio brow-bar")
            #expect(location.schedule["1"] == [["09:00", "21:00"]] && location.schedule["7"] == [["09:00", "21:00"]])
        }
    }

    @Test func whenTheDefaultLocationCannotBeWrittenNoTenantIsCreated() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // given: the locations table is out of reach, so the last insert of registration fails
            try await database.sql.raw("ALTER TABLE locations RENAME TO locations_away").run()
            let provisioning = TenantProvisioning(database: database, defaults: .init(timezone: "UTC", locale: .en, currency: "RUB"), bcryptCost: 10)
            // when
            await #expect(throws: (any Error).self) {
                try await provisioning.create(
                    .init(name: "Half", slug: "half-made", ownerName: "O", ownerEmail: "o@half.test", ownerPassword: Fixtures.password), now: testNow)
            }
            // then: neither the tenant nor its owner exists
            try await database.sql.raw("ALTER TABLE locations_away RENAME TO locations").run()
            #expect(try await provisioning.tenant(slug: "half-made") == nil)
            let users = try await database.sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self)
            #expect(users == 0)
        }
    }

    @Test func theBackfillGivesExistingTenantsOneDefaultLocation() async throws {
        try await TestDatabase.with(migrations: CoreMigrations.all + TenancyMigrations.all) { database in
            // given: two tenants registered before the scheduling module existed
            let ids = [TenantID.random(), TenantID.random()]
            for (index, id) in ids.enumerated() {
                try await database.sql.raw(
                    """
                    INSERT INTO tenants (id, name, slug, plan, status, timezone, locale, currency, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: " Old Studio \(index) "), \(bind: "old-\(index)"), 'ivory', 'active', 'Europe/Moscow', 'ru', 'RUB',
                            \(bind: testNow), \(bind: testNow))
                    """
                ).run()
            }
            // when
            let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: testLogger)
            try await runner.migrate(now: testNow)
            // then
            for (index, id) in ids.enumerated() {
                let rows = try await database.sql.raw(
                    "SELECT name, schedule, active, is_default FROM locations WHERE tenant_id = \(bind: id)"
                ).all()
                #expect(rows.count == 1)
                let row = try #require(rows.first)
                #expect(try row.decode(column: "name", as: String.self) == "Old Studio \(index)")
                #expect(try row.decode(column: "is_default", as: Bool.self) && row.decode(column: "active", as: Bool.self))
                #expect(try row.decode(column: "schedule", as: String.self) == TenantDefaultLocation.scheduleJSON)
            }
            #expect(try await runner.pending().isEmpty)
        }
    }

    @Test func locationsAreCreatedReadAndPatchedWithAuditAndEvents() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            // when
            let created = try await client.call(
                .post, "/api/v1/locations", as: .bearer(world.token),
                json: #"{"name":" Center ","address":"Tverskaya 1","phone":"+7 495 123-45-67","schedule":{"1":[["10:00","20:00"]]}}"#)
            // then
            #expect(created.status == .created, "\(created.text)")
            let location = try created.decoded(LocationBody.self)
            #expect(location.name == "Center" && !location.isDefault && location.active)
            #expect(location.schedule["1"] == [["10:00", "20:00"]] && location.schedule["2"] == [])
            let createdEvent = try await auditedWithEvent(app.database, world.tenant.id, "location.created", entityId: location.id)
            #expect(createdEvent?.payload.at("name") == .string("Center"))

            // a name is unique per tenant, ignoring case
            let duplicate = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"CENTER"}"#)
            #expect(duplicate.status == .conflict && duplicate.errorBody?.fields == ["name": "taken"])

            // when: the schedule changes and the address is cleared
            let patched = try await client.call(
                .patch, "/api/v1/locations/\(location.id)", as: .bearer(world.token),
                json: #"{"schedule":{"6":[["11:00","16:00"]]},"address":null}"#)
            // then
            #expect(patched.status == .ok, "\(patched.text)")
            let after = try patched.decoded(LocationBody.self)
            #expect(after.address == nil && after.phone == "+7 495 123-45-67")
            #expect(after.schedule["1"] == [] && after.schedule["6"] == [["11:00", "16:00"]])
            let updated = try await auditedWithEvent(app.database, world.tenant.id, "location.updated", entityId: location.id)
            #expect(updated?.payload.at("changed") == .array(["address", "schedule"]))
            let fetched = try await client.call(.get, "/api/v1/locations/\(location.id)", as: .bearer(world.token)).decoded(LocationBody.self)
            #expect(fetched.schedule == after.schedule)
            let active = try await client.call(.get, "/api/v1/locations?filter[active]=true", as: .bearer(world.token))
            #expect(try active.decoded(SchedulingPage<LocationBody>.self).items.count == 2)
        }
    }

    @Test func aBadScheduleIsRejectedWithEveryProblemAndNothingIsWritten() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            // when
            let bad = try await client.call(
                .post, "/api/v1/locations", as: .bearer(world.token),
                json: #"{"name":"","phone":"call me","schedule":{"1":[["09:07","18:00"]],"2":[["09:00","13:00"],["12:00","14:00"]],"8":[]}}"#)
            // then
            #expect(bad.status == .badRequest)
            #expect(
                bad.errorBody?.fields == [
                    "name": "required", "phone": "invalid", "schedule.1[0]": "off_grid", "schedule.2[1]": "overlapping",
                    "schedule.8": "unknown_weekday",
                ])
            #expect(try await rowCount(app.database, "locations", world.tenant.id) == 1)
            // a body that is not JSON at all is a clear 400, not a 500
            let broken = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"X","schedule":{"1":[["09:00""#)
            #expect(broken.status == .badRequest && broken.errorCode == "invalid_json")
            let notObject = try await client.call(
                .patch, "/api/v1/locations/\(world.defaultLocationId)", as: .bearer(world.token), json: #"{"schedule":"09-18"}"#)
            #expect(notObject.errorBody?.fields == ["schedule": "malformed"])
        }
    }

    @Test func theDefaultLocationStaysActiveAndCanBeHandedOver() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let defaultPath = "/api/v1/locations/\(world.defaultLocationId)"
            let second = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"Second"}"#)
                .decoded(LocationBody.self)
            // when / then: the default cannot be deactivated or unmarked
            let deactivate = try await client.call(.patch, defaultPath, as: .bearer(world.token), json: #"{"active":false}"#)
            #expect(deactivate.status == .conflict && deactivate.errorCode == "location_is_default")
            let unmark = try await client.call(.patch, defaultPath, as: .bearer(world.token), json: #"{"isDefault":false}"#)
            #expect(unmark.errorCode == "location_is_default")
            // an inactive location cannot become the default
            let inactive = try await client.call(
                .patch, "/api/v1/locations/\(second.id)", as: .bearer(world.token), json: #"{"active":false,"isDefault":true}"#)
            #expect(inactive.errorCode == "location_inactive")
            // when: the second location becomes the default
            let handOver = try await client.call(.patch, "/api/v1/locations/\(second.id)", as: .bearer(world.token), json: #"{"isDefault":true}"#)
            // then: exactly one default, and both changes are audited
            #expect(try handOver.decoded(LocationBody.self).isDefault)
            let all = try await client.call(.get, "/api/v1/locations", as: .bearer(world.token)).decoded(SchedulingPage<LocationBody>.self)
            #expect(all.items.filter(\.isDefault).map(\.id) == [second.id])
            let previous = try await auditedWithEvent(app.database, world.tenant.id, "location.updated", entityId: world.defaultLocationId)
            #expect(previous?.payload.at("changed") == .array(["isDefault"]))
            // the old default can now be deactivated
            let nowFree = try await client.call(.patch, defaultPath, as: .bearer(world.token), json: #"{"active":false}"#)
            #expect(nowFree.status == .ok, "\(nowFree.text)")
        }
    }

    @Test func aLocationWithActiveStaffCannotBeDeactivated() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let second = try await client.call(.post, "/api/v1/locations", as: .bearer(world.token), json: #"{"name":"Second"}"#)
                .decoded(LocationBody.self)
            let member = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Anna","locationId":"\#(second.id)"}"#
            ).decoded(StaffMemberBody.self)
            // when
            let blocked = try await client.call(.patch, "/api/v1/locations/\(second.id)", as: .bearer(world.token), json: #"{"active":false}"#)
            // then
            #expect(blocked.status == .conflict && blocked.errorCode == "location_in_use")
            #expect(blocked.errorBody?.details?["staff"] == .int(1))
            // once the staff member moves, it can
            _ = try await client.call(
                .patch, "/api/v1/staff/\(member.id)", as: .bearer(world.token), json: #"{"locationId":"\#(world.defaultLocationId)"}"#)
            let done = try await client.call(.patch, "/api/v1/locations/\(second.id)", as: .bearer(world.token), json: #"{"active":false}"#)
            #expect(done.status == .ok)
            // and nobody can be placed there any more
            let placed = try await client.call(
                .post, "/api/v1/staff", as: .bearer(world.token), json: #"{"name":"Bella","locationId":"\#(second.id)"}"#)
            #expect(placed.errorBody?.fields == ["locationId": "inactive"])
        }
    }

    @Test func locationOverridesAreAddedListedByDateAndRemoved() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let base = "/api/v1/locations/\(world.defaultLocationId)/overrides"
            // when
            let holiday = try await client.call(
                .post, base, as: .bearer(world.token), json: #"{"date":"2026-06-12","kind":"day_off","reason":"Russia Day"}"#)
            let shortDay = try await client.call(
                .post, base, as: .bearer(world.token), json: #"{"date":"2026-06-11","kind":"custom_hours","intervals":[["10:00","16:00"]]}"#)
            // then
            #expect(holiday.status == .created, "\(holiday.text)")
            #expect(shortDay.status == .created, "\(shortDay.text)")
            let added = try holiday.decoded(OverrideBody.self)
            #expect(added.locationId == world.defaultLocationId && added.staffId == nil && added.reason == "Russia Day")
            let events = try await auditedEvents(app.database, world.tenant.id, "location.override_added", entityId: world.defaultLocationId)
            #expect(Set(events.compactMap { $0.payload.at("date") }) == [.string("2026-06-11"), .string("2026-06-12")])
            let ranged = try await client.call(.get, base + "?filter[date][gte]=2026-06-12&filter[date][lte]=2026-06-30", as: .bearer(world.token))
            #expect(try ranged.decoded(SchedulingPage<OverrideBody>.self).items.map(\.id) == [added.id])
            let all = try await client.call(.get, base, as: .bearer(world.token)).decoded(SchedulingPage<OverrideBody>.self)
            #expect(all.items.map(\.date) == ["2026-06-11", "2026-06-12"])
            // when
            let removed = try await client.call(.delete, base + "/\(added.id)", as: .bearer(world.token))
            // then
            #expect(removed.status == .noContent)
            let gone = try await auditedWithEvent(app.database, world.tenant.id, "location.override_removed", entityId: world.defaultLocationId)
            #expect(gone?.payload.at("overrideId") == .string(added.id) && gone?.payload.at("date") == .string("2026-06-12"))
            #expect(try await client.call(.delete, base + "/\(added.id)", as: .bearer(world.token)).status == .notFound)
        }
    }

    @Test func onlySettingsWritersChangeLocations() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.scheduling(client, app)
            let receptionist = try await world.member(.receptionist)
            // when
            let read = try await client.call(.get, "/api/v1/locations/\(world.defaultLocationId)", as: .bearer(receptionist.token))
            let write = try await client.call(
                .patch, "/api/v1/locations/\(world.defaultLocationId)", as: .bearer(receptionist.token), json: #"{"name":"Mine"}"#)
            // then
            #expect(read.status == .ok)
            #expect(write.status == .forbidden && write.errorCode == "permission_denied")
        }
    }
}
