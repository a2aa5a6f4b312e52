import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Upsell links between services, and listing the catalogue.
@Suite struct ServiceUpsellsAndListTests {
    @Test func upsellsAreOtherActiveServicesOfTheStudioKeptInOrder() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let wash = try await ServiceFixtures.create(client, token: token, name: "Wash")
            let mask = try await ServiceFixtures.create(client, token: token, name: "Mask")
            let retired = try await ServiceFixtures.create(client, token: token, name: "Retired", extra: #""active":false"#)
            let (_, otherOwner) = try await Fixtures.tenant(in: app.database)
            let foreign = try await ServiceFixtures.create(
                client, token: try await Fixtures.bearer(in: app.database, for: otherOwner), name: "Foreign")
            // when: linked in a chosen order
            let linked = try await client.call(
                .patch, "/api/v1/services/\(cut.id)", as: .bearer(token), json: #"{"upsellServiceIds":["\#(mask.id)","\#(wash.id)"]}"#)
            // then
            #expect(try linked.decoded(ServiceBody.self).upsellServiceIds == [mask.id, wash.id])
            let read = try await client.call(.get, "/api/v1/services/\(cut.id)", as: .bearer(token)).decoded(ServiceBody.self)
            #expect(read.upsellServiceIds == [mask.id, wash.id])

            // when: itself, a repeat, an inactive service, another studio's service
            let bad = try await client.call(
                .patch, "/api/v1/services/\(cut.id)", as: .bearer(token),
                json: #"{"upsellServiceIds":["\#(cut.id)","\#(wash.id)","\#(wash.id)","\#(retired.id)","\#(foreign.id)"]}"#)
            // then: each named by its position, nothing changed
            #expect(
                bad.errorBody?.fields == [
                    "upsellServiceIds.0": "self_reference", "upsellServiceIds.2": "duplicate", "upsellServiceIds.3": "inactive",
                    "upsellServiceIds.4": "not_found",
                ])
            let many = (0...StudioService.maxUpsells).map { _ in #""\#(UUID().uuidString)""# }.joined(separator: ",")
            let tooMany = try await client.call(.patch, "/api/v1/services/\(cut.id)", as: .bearer(token), json: #"{"upsellServiceIds":[\#(many)]}"#)
            #expect(tooMany.errorBody?.fields?["upsellServiceIds"] == "too_many")
            #expect(
                try await client.call(.get, "/api/v1/services/\(cut.id)", as: .bearer(token)).decoded(ServiceBody.self).upsellServiceIds == [
                    mask.id, wash.id,
                ])

            // when: a linked service is retired, the link stays and may be kept on the next edit
            _ = try await client.call(.patch, "/api/v1/services/\(wash.id)", as: .bearer(token), json: #"{"active":false}"#)
            let reordered = try await client.call(
                .patch, "/api/v1/services/\(cut.id)", as: .bearer(token), json: #"{"upsellServiceIds":["\#(wash.id)","\#(mask.id)"]}"#)
            #expect(try reordered.decoded(ServiceBody.self).upsellServiceIds == [wash.id, mask.id], "\(reordered.text)")
            // and an empty list clears them
            let cleared = try await client.call(.patch, "/api/v1/services/\(cut.id)", as: .bearer(token), json: #"{"upsellServiceIds":[]}"#)
            #expect(try cleared.decoded(ServiceBody.self).upsellServiceIds.isEmpty)
            #expect(try await ServiceFixtures.count("service_upsells", app.database, tenant.id) == 0)
            // a new service can be created with upsells
            let combo = try await ServiceFixtures.create(client, token: token, name: "Combo", extra: #""upsellServiceIds":["\#(mask.id)"]"#)
            #expect(combo.upsellServiceIds == [mask.id])
        }
    }

    @Test func theLookupForOtherModulesSeesOnlyTheTenantsServices() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let active = try await ServiceFixtures.create(client, token: token, name: "Active")
            let inactive = try await ServiceFixtures.create(client, token: token, name: "Inactive", extra: #""active":false"#)
            let (_, otherOwner) = try await Fixtures.tenant(in: app.database)
            let foreign = try await ServiceFixtures.create(client, token: try await Fixtures.bearer(in: app.database, for: otherOwner), name: "F")
            let ids = try [active.id, inactive.id, foreign.id, UUID().uuidString].map { try #require(ServiceID(string: $0)) }
            let repository = ServicesRepository(sql: app.database.sql, tenantId: tenant.id)
            // when
            let existing = try await repository.existingIds(ids)
            let activeOnly = try await repository.existingIds(ids, activeOnly: true)
            // then
            #expect(existing == Set(ids[0...1]))
            #expect(activeOnly == [ids[0]])
            #expect(try await repository.find(ids[0])?.name == "Active")
            #expect(try await repository.find(ids[2]) == nil)
        }
    }

    @Test func listsFilterSortAndPage() async throws {
        try await withTestApp { client, app in
            // given: five services made a minute apart
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            var made: [ServiceBody] = []
            for (name, category, price, extra) in [
                ("delta", "Hair", "300", ""), ("Alpha", "Nails", "100", #""onlineBookable":false"#), ("charlie", "Hair", "300", #""active":false"#),
                ("Bravo", "Brows", "200", ""), ("echo", "Nails", "50", ""),
            ] {
                made.append(try await ServiceFixtures.create(client, token: token, name: name, category: category, price: price, extra: extra))
                app.clock.advance(by: 60)
            }
            func names(_ query: String) async throws -> [String] {
                let response = try await client.call(.get, "/api/v1/services\(query)", as: .bearer(token))
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try response.decoded(ServicePage.self).items.map(\.name)
            }
            // then: name order ignores case by default
            #expect(try await names("") == ["Alpha", "Bravo", "charlie", "delta", "echo"])
            #expect(try await names("?sort=-name") == ["echo", "delta", "charlie", "Bravo", "Alpha"])
            #expect(try await names("?sort=createdAt") == made.map(\.name))
            #expect(try await names("?sort=-basePrice,name") == ["charlie", "delta", "Bravo", "Alpha", "echo"])
            #expect(try await names("?filter[category]=Hair") == ["charlie", "delta"])
            #expect(try await names("?filter[category][in]=Hair,Brows") == ["Bravo", "charlie", "delta"])
            #expect(try await names("?filter[active]=false") == ["charlie"])
            #expect(try await names("?filter[active]=true&filter[onlineBookable]=false") == ["Alpha"])

            // when: paging two at a time by price
            var seen: [String] = []
            var cursor: String?
            repeat {
                let query = "?sort=basePrice&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.call(.get, "/api/v1/services\(query)", as: .bearer(token)).decoded(ServicePage.self)
                #expect(page.items.count <= 2)
                seen += page.items.map(\.name)
                cursor = page.nextCursor
            } while cursor != nil
            // then: every row once, in order (ties by id)
            #expect(seen.count == 5 && Set(seen).count == 5)
            #expect(Array(seen.prefix(3)) == ["echo", "Alpha", "Bravo"])

            // and: a cursor made for another sort, or bad parameters, are refused
            let first = try await client.call(.get, "/api/v1/services?limit=1", as: .bearer(token)).decoded(ServicePage.self)
            let cursorOfNameSort = try #require(first.nextCursor)
            let mixed = try await client.call(.get, "/api/v1/services?sort=basePrice&cursor=\(cursorOfNameSort)", as: .bearer(token))
            #expect(mixed.errorBody?.fields == ["cursor": "invalid"])
            let wrong = try await client.call(.get, "/api/v1/services?filter[active]=maybe&sort=price&filter[colour]=red", as: .bearer(token))
            #expect(wrong.errorBody?.fields == ["filter[active]": "invalid", "sort": "unsupported_sort", "filter[colour]": "unknown_filter"])
        }
    }
}
