import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Consents, notes, the history timeline and the automatic tags.
@Suite struct ClientRecordsTests {
    struct Consent: Decodable { let id: String; let kind: String; let granted: Bool; let active: Bool; let ip: String?; let revokedAt: Date? }
    struct Consents: Decodable { let items: [Consent]; let current: [String: Bool] }
    struct Entry: Decodable { let kind: String; let id: String; let at: Date }
    struct History: Decodable { let items: [Entry]; let nextCursor: String? }

    @Test func aConsentIsRecordedRevokedOnceAndAudited() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let anna = try await client.createClient(NewClient(name: "Anna"), token: world.token)
            // when
            let granted = try await client.call(
                .post, "/api/v1/clients/\(anna.id)/consents", as: .bearer(world.token),
                json: #"{"kind":"marketing_sms","source":"web_form","ip":"203.0.113.7"}"#)
            let consent = try granted.decoded(Consent.self)
            let revoked = try await client.call(.post, "/api/v1/clients/\(anna.id)/consents/\(consent.id)/revoke", as: .bearer(world.token))
            let again = try await client.call(.post, "/api/v1/clients/\(anna.id)/consents/\(consent.id)/revoke", as: .bearer(world.token))
            let badKind = try await client.call(
                .post, "/api/v1/clients/\(anna.id)/consents", as: .bearer(world.token), json: #"{"kind":"spam","source":"paper"}"#)
            let photo = try await client.call(
                .post, "/api/v1/clients/\(anna.id)/consents", as: .bearer(world.token), json: #"{"kind":"photo_usage","source":"paper"}"#)
            let list = try await client.call(.get, "/api/v1/clients/\(anna.id)/consents", as: .bearer(world.token)).decoded(Consents.self)
            // then
            #expect(granted.status == .created && consent.active && consent.ip == "203.0.113.7")
            #expect(try revoked.decoded(Consent.self).active == false)
            #expect(again.status == .conflict && again.errorCode == "consent_not_active")
            #expect(badKind.status == .badRequest)
            #expect(photo.status == .created)
            #expect(list.items.count == 2 && list.current["marketing_sms"] == false && list.current["photo_usage"] == true)
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(
                actions.filter { $0.hasPrefix("client.consent") } == ["client.consent_recorded", "client.consent_revoked", "client.consent_recorded"])
            let events = try await app.database.sql.raw(
                "SELECT type FROM domain_events WHERE tenant_id = \(bind: world.tenant.id) AND type LIKE 'client.consent%'"
            ).all()
            #expect(events.count == 3)
        }
    }

    @Test func theHistoryMergesNotesAndConsentsNewestFirstAcrossPages() async throws {
        try await withTestApp { client, app in
            // given: notes and consents interleaved in time, two at the very same instant
            let world = try await StudioWorld.studio(client, app)
            let anna = try await client.createClient(NewClient(name: "Anna"), token: world.token)
            var written: [String] = []
            for index in 0..<7 {
                let note = try await client.call(
                    .post, "/api/v1/clients/\(anna.id)/notes", as: .bearer(world.token), json: #"{"body":"note \#(index)"}"#)
                #expect(note.status == .created)
                written.append("note")
                if index % 2 == 0 {
                    _ = try await client.call(
                        .post, "/api/v1/clients/\(anna.id)/consents", as: .bearer(world.token), json: #"{"kind":"photo_usage","source":"paper"}"#)
                    written.append("consent")
                }
                app.clock.advance(by: 60)
            }
            let empty = try await client.call(.post, "/api/v1/clients/\(anna.id)/notes", as: .bearer(world.token), json: #"{"body":"   "}"#)
            // when: pages of 3
            var entries: [Entry] = []
            var cursor: String?
            repeat {
                let page = try await client.call(
                    .get, "/api/v1/clients/\(anna.id)/history?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), as: .bearer(world.token)
                ).decoded(History.self)
                entries += page.items
                cursor = page.nextCursor
            } while cursor != nil
            // then
            #expect(empty.errorBody?.fields == ["body": "required"])
            #expect(entries.count == written.count)
            #expect(Set(entries.map(\.id)).count == entries.count)
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.at >= $1.at })
            #expect(entries.filter { $0.kind == "note" }.count == 7 && entries.filter { $0.kind == "consent" }.count == 4)
            #expect(try await auditActions(app.database, world.tenant.id).filter { $0 == "client.note_added" }.count == 7)
        }
    }

    @Test func autoTagsFollowVisitsRecencyAndSpendWithTheStudiosThresholds() async throws {
        try await withTestApp { client, app in
            // given: clients with the visit stats the appointments module will keep
            let world = try await StudioWorld.studio(client, app)
            let fresh = try await client.createClient(NewClient(name: "Fresh"), token: world.token)
            let regular = try await client.createClient(NewClient(name: "Regular", tags: ["nails"]), token: world.token)
            let fading = try await client.createClient(NewClient(name: "Fading"), token: world.token)
            let gone = try await client.createClient(NewClient(name: "Gone"), token: world.token)
            let big = try await client.createClient(NewClient(name: "Big"), token: world.token)
            let day: TimeInterval = 86_400
            let stats: [(String, Int, Int64, TimeInterval)] = [
                (regular.id, 4, 1_000_000, 10 * day), (fading.id, 2, 100_000, 70 * day), (gone.id, 5, 100_000, 200 * day),
                (big.id, 1, 6_000_000, 5 * day),
            ]
            for (id, visits, spent, ago) in stats {
                let at = testNow.addingTimeInterval(-ago)
                try await app.database.sql.raw(
                    """
                    UPDATE clients SET visits_count = \(bind: visits), total_spent = \(bind: spent), last_visit_at = \(bind: at), last_visit_key = \(bind: at)
                    WHERE id = \(bind: UUID(uuidString: id))
                    """
                ).run()
            }
            // when
            let recompute = try await client.call(.post, "/api/v1/clients/autotags/recompute", as: .bearer(world.token))
            let again = try await client.call(.post, "/api/v1/clients/autotags/recompute", as: .bearer(world.token))
            let page = try await client.call(.get, "/api/v1/clients", as: .bearer(world.token)).decoded(ClientPage.self)
            let tags = Dictionary(uniqueKeysWithValues: page.items.map { ($0.name, $0.autoTags) })
            let vips = try await client.call(.get, "/api/v1/clients?filter[tag]=vip", as: .bearer(world.token)).decoded(ClientPage.self)
            // then
            #expect(recompute.text.contains(#""changed":5"#) && again.text.contains(#""changed":0"#))
            #expect(tags["Fresh"] == ["new"])
            #expect(tags["Regular"] == ["regular"])
            #expect(tags["Fading"] == ["at_risk"])
            #expect(tags["Gone"] == ["lost"])
            #expect(tags["Big"] == ["new", "vip"])
            #expect(page.items.first { $0.name == "Regular" }?.tags == ["nails"])
            #expect(vips.items.map(\.name) == ["Big"])
            #expect(try await auditActions(app.database, world.tenant.id).filter { $0 == "client.autotags_changed" }.count == 5)
            _ = fresh
        }
    }

    @Test func autoTagsAreAVeloriaFeature() async throws {
        try await withTestApp { client, app in
            // given: an ivory studio
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let response = try await client.call(.post, "/api/v1/clients/autotags/recompute", as: .bearer(token))
            // then
            #expect(response.status == .forbidden && response.errorCode == "feature_not_allowed")
        }
    }
}
