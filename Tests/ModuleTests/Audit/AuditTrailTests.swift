import CRMCore
import Foundation
import HummingbirdTesting
import Plans
import SQLKit
import Tenancy
import Testing
import TestSupport

struct AuditPage: Decodable {
    struct Actor: Decodable { let type: String; let userId: String? }
    struct Entry: Decodable {
        let id: String
        let actor: Actor
        let action: String
        let entityType: String
        let entityId: String
        let before: JSONValue?
        let after: JSONValue?
        let requestId: String?
        let createdAt: Date
    }
    let items: [Entry]
    let nextCursor: String?
}

/// The audit + outbox helper, and reading the trail.
@Suite struct AuditTrailTests {
    struct Boom: Error {}

    @Test func aMutationWritesItsRowAuditEntryAndEventTogetherOrNotAtAll() async throws {
        try await withTestApp { _, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let actor = AuditActor(tenantId: tenant.id, userId: owner.id, ip: "10.0.0.1", userAgent: "tests", requestId: "req-1")
            try await app.database.sql.raw("CREATE TABLE audit_probe (name TEXT NOT NULL)").run()
            // when: a mutation whose body succeeds
            try await app.database.mutate(by: actor, at: testNow) { sql in
                try await sql.raw("INSERT INTO audit_probe (name) VALUES ('kept')").run()
                return ((), [MutationRecord(action: "probe.created", entityType: "probe", entityId: "p1", after: .object(["name": .string("kept")]))])
            }
            // and one that fails after writing
            await #expect(throws: Boom.self) {
                try await app.database.mutate(by: actor, at: testNow) { sql in
                    try await sql.raw("INSERT INTO audit_probe (name) VALUES ('lost')").run()
                    if true { throw Boom() }
                    return ((), [MutationRecord(action: "probe.created", entityType: "probe", entityId: "p2")])
                }
            }
            // then
            let names = try await app.database.sql.raw("SELECT name FROM audit_probe").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names == ["kept"])
            let audits = try await app.database.sql.raw(
                "SELECT entity_id, ip, user_agent, request_id, actor_type FROM audit_log WHERE tenant_id = \(bind: tenant.id)"
            ).all()
            #expect(audits.count == 1)
            #expect(try audits.first?.decode(column: "request_id", as: String.self) == "req-1")
            #expect(try audits.first?.decode(column: "actor_type", as: String.self) == "user")
            let events = try await app.database.sql.raw(
                "SELECT type, entity_id, payload, published_at FROM domain_events WHERE tenant_id = \(bind: tenant.id)"
            ).all()
            #expect(events.count == 1)
            #expect(try events.first?.decode(column: "type", as: String.self) == "probe.created")
            #expect(try events.first?.decode(column: "payload", as: String.self) == #"{"name":"kept"}"#)
            #expect(try events.first?.decode(column: "published_at", as: Date?.self) == nil)
        }
    }

    @Test func eachUserMutationLeavesAnAuditEntryAndAnEvent() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let staff = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .finance)
            // when
            let invited = try await client.call(
                .post, "/api/v1/users", as: .bearer(world.token), json: #"{"name":"New","email":"new@audit.test","role":"finance"}"#)
            #expect(invited.status == .created)
            _ = try await client.call(.patch, "/api/v1/users/\(staff.id)", as: .bearer(world.token), json: #"{"name":"Renamed"}"#)
            _ = try await client.call(.post, "/api/v1/users/\(staff.id)/role", as: .bearer(world.token), json: #"{"role":"read_only"}"#)
            _ = try await client.call(.post, "/api/v1/users/\(staff.id)/disable", as: .bearer(world.token))
            _ = try await client.call(.post, "/api/v1/users/\(staff.id)/enable", as: .bearer(world.token))
            _ = try await client.call(.post, "/api/v1/billing/plan", as: .bearer(world.token), json: #"{"plan":"veloria"}"#)
            // then
            let expected = ["user.invited", "user.updated", "user.role_changed", "user.disabled", "user.enabled", "tenant.plan_changed"]
            let events = try await app.database.sql.raw("SELECT type FROM domain_events WHERE tenant_id = \(bind: world.tenant.id)").all()
                .map { try $0.decode(column: "type", as: String.self) }
            #expect(Set(events) == Set(expected) && events.count == expected.count)
            #expect(Set(try await auditActions(app.database, world.tenant.id)) == Set(expected))
        }
    }

    @Test func theTrailIsReadNewestFirstFilteredAndPaged() async throws {
        try await withTestApp { client, app in
            // given: three changes of one user a minute apart, one of another
            let world = try await StudioWorld.studio(client, app)
            let staff = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .finance)
            let other = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .finance)
            for name in ["One", "Two", "Three"] {
                _ = try await client.call(.patch, "/api/v1/users/\(staff.id)", as: .bearer(world.token), json: #"{"name":"\#(name)"}"#)
                app.clock.advance(by: 60)
            }
            _ = try await client.call(.patch, "/api/v1/users/\(other.id)", as: .bearer(world.token), json: #"{"name":"Else"}"#)
            // when
            let first = try await client.call(.get, "/api/v1/audit?entityType=user&entityId=\(staff.id)&limit=2", as: .bearer(world.token))
                .decoded(AuditPage.self)
            let cursor = try #require(first.nextCursor)
            let second = try await client.call(
                .get, "/api/v1/audit?entityType=user&entityId=\(staff.id)&limit=2&cursor=\(cursor)", as: .bearer(world.token)
            ).decoded(AuditPage.self)
            // then
            let names = (first.items + second.items).map { $0.after.flatMap { if case .object(let o) = $0 { o["name"] } else { nil } } }
            #expect(names == [.string("Three"), .string("Two"), .string("One")])
            #expect(second.nextCursor == nil)
            #expect(first.items.allSatisfy { $0.actor.type == "user" && $0.actor.userId == world.owner.id.description && $0.requestId != nil })
            // a time window in the studio's zone (Europe/London, UTC+1 in June): the second minute only
            let from = TenantTime.formatISO(testNow.addingTimeInterval(60), in: TimeZone(identifier: "Europe/London")!)
            let window = try await client.call(
                .get, "/api/v1/audit?entityId=\(staff.id)&from=\(String(from.prefix(19)))&to=\(String(from.prefix(16))):59", as: .bearer(world.token)
            ).decoded(AuditPage.self)
            #expect(window.items.count == 1)
            let bad = try await client.call(.get, "/api/v1/audit?from=yesterday&to=2026-01-01T00:00:00Z", as: .bearer(world.token))
            #expect(bad.errorBody?.fields?["from"] == "invalid")
        }
    }

    @Test func readingIsGatedByPlanAndRoleButRecordingIsNot() async throws {
        try await withTestApp { client, app in
            // given: an ivory studio whose plan change was recorded
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let manager = try await Fixtures.user(in: app.database, tenant: tenant, role: .manager)
            let finance = try await Fixtures.user(in: app.database, tenant: tenant, role: .finance)
            _ = try await client.call(.post, "/api/v1/users/\(manager.id)/role", as: .bearer(token), json: #"{"role":"specialist"}"#)
            // when / then
            let gated = try await client.call(.get, "/api/v1/audit", as: .bearer(token))
            #expect(gated.errorCode == "feature_not_allowed")
            #expect(try await auditActions(app.database, tenant.id) == ["user.role_changed"])
            try await Fixtures.setPlan(in: app.database, tenant: tenant, .imperium)
            let financeToken = try await Fixtures.bearer(in: app.database, for: finance)
            #expect(try await client.call(.get, "/api/v1/audit", as: .bearer(financeToken)).errorCode == "permission_denied")
            let open = try await client.call(.get, "/api/v1/audit", as: .bearer(token)).decoded(AuditPage.self)
            #expect(open.items.map(\.action) == ["user.role_changed"])
            #expect(
                open.items.first?.before
                    == .object([
                        "name": .string(manager.name), "email": .string(manager.email), "phone": .null, "role": .string("manager"),
                        "status": .string("active"), "locale": .null, "timezone": .null,
                    ]))
        }
    }
}
