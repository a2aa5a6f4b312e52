import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Search, filters, sort and keyset pages of the client list.
@Suite struct ClientListTests {
    @Test func fiveHundredClientsPageWithoutDuplicatesOrGapsWhileOthersAreAdded() async throws {
        try await withTestApp { client, app in
            // given: 500 clients
            let world = try await StudioWorld.studio(client, app)
            var expected: Set<String> = []
            for index in 0..<500 {
                expected.insert(try await client.createClient(NewClient(name: "Client \(String(format: "%03d", index))"), token: world.token).id)
            }
            for sort in ["name", "-createdAt"] {
                // when: paging 37 at a time, adding clients between the requests
                var seen: [String] = []
                var cursor: String?
                var added = 0
                repeat {
                    let query = "/api/v1/clients?limit=37&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await client.call(.get, query, as: .bearer(world.token)).decoded(ClientPage.self)
                    seen += page.items.map(\.id)
                    cursor = page.nextCursor
                    _ = try await client.createClient(NewClient(name: "Late \(sort) \(added)"), token: world.token)
                    added += 1
                    app.clock.advance(by: 1)
                } while cursor != nil
                // then: every original client exactly once
                #expect(seen.count == Set(seen).count, "\(sort): duplicates")
                #expect(expected.isSubset(of: Set(seen)), "\(sort): gaps")
            }
        }
    }

    @Test func searchFindsByNamePhoneAndEmailInAnyCase() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            _ = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(world.token), json: #"{"country":"RU"}"#)
            let anna = try await client.createClient(NewClient(name: "Анна Смирнова", phone: "+79123456789"), token: world.token)
            let boris = try await client.createClient(NewClient(name: "Boris", email: "Boris.K@Mail.test"), token: world.token)
            _ = try await client.createClient(NewClient(name: "100% Natural"), token: world.token)
            func search(_ q: String) async throws -> [String] {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                return try await client.call(.get, "/api/v1/clients?q=\(encoded)", as: .bearer(world.token)).decoded(ClientPage.self).items.map(
                    \.name)
            }
            // then
            #expect(try await search("анна") == [anna.name])
            #expect(try await search("СМИР") == [anna.name])
            #expect(try await search("8 912 345") == [anna.name])
            #expect(try await search("3456789") == [anna.name])
            #expect(try await search("boris.k@") == [boris.name])
            #expect(try await search("%") == ["100% Natural"])
            #expect(try await search("nobody").isEmpty)
        }
    }

    @Test func filtersByTagLoyaltyAndLastVisitAndSortsByLastVisit() async throws {
        try await withTestApp { client, app in
            // given: visits as the appointments module will record them
            let world = try await StudioWorld.studio(client, app)
            let early = try await client.createClient(NewClient(name: "Early", tags: ["nails"], loyaltyLevel: "gold"), token: world.token)
            let late = try await client.createClient(NewClient(name: "Late", tags: ["hair"]), token: world.token)
            let never = try await client.createClient(NewClient(name: "Never", tags: ["hair", "nails"]), token: world.token)
            for (id, at) in [(early.id, testNow.addingTimeInterval(-30 * 86400)), (late.id, testNow.addingTimeInterval(-86400))] {
                try await app.database.sql.raw(
                    "UPDATE clients SET last_visit_at = \(bind: at), last_visit_key = \(bind: at) WHERE id = \(bind: UUID(uuidString: id))"
                ).run()
            }
            func names(_ query: String) async throws -> [String] {
                try await client.call(.get, "/api/v1/clients?\(query)", as: .bearer(world.token)).decoded(ClientPage.self).items.map(\.name)
            }
            // then
            #expect(try await names("filter[tag]=nails") == ["Early", "Never"])
            #expect(try await names("filter[tag][in]=hair,nails&sort=-name") == ["Never", "Late", "Early"])
            #expect(try await names("filter[loyaltyLevel]=gold") == ["Early"])
            #expect(try await names("filter[lastVisitAt][gte]=2026-05-20T00:00:00") == ["Late"])
            #expect(try await names("sort=-lastVisitAt") == ["Late", "Early", "Never"])
            #expect(never.tags == ["hair", "nails"])
            let bad = try await client.call(.get, "/api/v1/clients?sort=name,createdAt", as: .bearer(world.token))
            #expect(bad.errorBody?.fields == ["sort": "single_key_only"])
            let cursorOfName = try await client.call(.get, "/api/v1/clients?limit=1", as: .bearer(world.token)).decoded(ClientPage.self).nextCursor
            let mixed = try await client.call(.get, "/api/v1/clients?sort=createdAt&cursor=\(cursorOfName ?? "")", as: .bearer(world.token))
            #expect(mixed.errorBody?.fields == ["cursor": "invalid"])
        }
    }
}
