import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TestSupport

/// Browsers' `URLSearchParams` and most HTTP libraries send `filter[status]` as
/// `filter%5Bstatus%5D`. Every list route reads the encoded form exactly as the plain one.
@Suite struct EncodedQueryTests {
    /// Every GET route the document gives `filter[…]` parameters, with the filters it names.
    static func listRoutes(in data: Data) throws -> [(path: String, filters: [String])] {
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.compactMap { path, operations in
            guard let get = operations["get"] as? [String: Any] else { return nil }
            let names = (get["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let filters = names.filter { $0.hasPrefix("filter[") && $0.filter { $0 == "[" }.count == 1 }
            return filters.isEmpty ? nil : (path, filters)
        }.sorted { $0.path < $1.path }
    }

    static func encoded(_ name: String) -> String {
        name.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
    }

    @Test func everyListRouteRefusesAnEncodedUnknownOrDuplicateFilterAsItRefusesThePlainOne() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let data = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { Data(buffer: $0.body) }
            let routes = try Self.listRoutes(in: data)
            #expect(routes.count >= 12, "\(routes.map(\.path))")
            var parameters: [String: [String: String]] = [:]
            var failures: [String] = []
            for route in routes {
                let path = try await NullRefusalTests.fill(route.path, world: world, app: app, cache: &parameters)
                // when: an unknown filter, encoded
                let unknown = try await client.call(.get, path + "?filter%5Bnosuch%5D=1", as: .bearer(world.token))
                // then
                if unknown.status != .badRequest || unknown.errorBody?.fields?["filter[nosuch]"] != "unknown_filter" {
                    failures.append("\(route.path) unknown: \(unknown.status.code) \(unknown.text.prefix(120))")
                }
                // when: a documented filter given twice, once encoded and once plain
                let name = route.filters[0]
                let twice = try await client.call(.get, path + "?\(Self.encoded(name))=x&\(name)=x", as: .bearer(world.token))
                // then
                if twice.status != .badRequest || twice.errorBody?.fields?[name] != "duplicate" {
                    failures.append("\(route.path) duplicate \(name): \(twice.status.code) \(twice.text.prefix(120))")
                }
            }
            #expect(failures.isEmpty, "encoded filters not read:\n\(failures.joined(separator: "\n"))")
        }
    }

    @Test func anEncodedFilterFiltersTheList() async throws {
        try await withTestApp { client, app in
            // given: a studio whose only user is its active owner
            let world = try await StudioWorld.studio(client, app)
            // when
            let disabled = try await client.call(.get, "/api/v1/users?filter%5Bstatus%5D=disabled", as: .bearer(world.token))
            let active = try await client.call(.get, "/api/v1/users?filter%5Bstatus%5D=active&filter%5Brole%5D=owner", as: .bearer(world.token))
            let invalid = try await client.call(.get, "/api/v1/users?filter%5Bstatus%5D=sleeping", as: .bearer(world.token))
            // then
            #expect(try disabled.decoded(StaffPage.self).items.isEmpty)
            #expect(try active.decoded(StaffPage.self).items.map(\.id) == [world.owner.id.description])
            #expect(invalid.status == .badRequest)
            #expect(invalid.errorBody?.fields?["filter[status]"] == "invalid")
        }
    }
}
