import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Tenancy
import Testing
import TestSupport

@testable import CRMServer

/// SPEC §1: tenant B cannot read, list, change or even detect tenant A's rows.
@Suite struct CrossTenantTests {
    @Test(arguments: CrossTenantProbes.all.map(\.name))
    func anotherTenantsRowsAreNotFoundNotListedAndNotChanged(probeName: String) async throws {
        let probe = try #require(CrossTenantProbes.all.first { $0.name == probeName })
        try await withTestApp { client, app in
            // given: a row in tenant A
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            let parameters = try await probe.fixture(a, app)
            let unknown = parameters.mapValues { _ in UUID().uuidString.lowercased() }
            for route in probe.routes {
                // when: B uses A's id, and an id that exists nowhere
                let attempt = try await client.call(route.method, route.path.filled(parameters), as: .bearer(b.token), json: route.json)
                let nowhere = try await client.call(route.method, route.path.filled(unknown), as: .bearer(b.token), json: route.json)
                // then: both are the same 404, so B cannot even tell the row exists
                #expect(attempt.status == .notFound, "\(route.method) \(route.path): \(attempt.status) \(attempt.text)")
                #expect(attempt.errorCode == "not_found")
                #expect(attempt.status == nowhere.status && attempt.errorCode == nowhere.errorCode)
            }
            for list in probe.lists {
                let ids = try list.ids(try await client.call(.get, list.path, as: .bearer(b.token)))
                #expect(!ids.contains(where: { parameters.values.contains($0) }), "\(list.path) lists A's row to B")
                // the same list shows it to A, so the check above can fail
                let own = try list.ids(try await client.call(.get, list.path, as: .bearer(a.token)))
                #expect(own.contains(where: { parameters.values.contains($0) }), "\(list.path) does not list A's own row")
            }
            #expect(try await probe.intact(a, app, parameters), "\(probe.name): B's attempts changed A's row")
        }
    }

    @Test func everyTenantRouteWithAnIdHasAProbe() async throws {
        try await withTestApp { _, app in
            // given
            let book = try app.routes().policies
            // then
            let covered = Set(CrossTenantProbes.all.flatMap(\.routes).map { "\($0.method) \($0.path)" })
            // `{section}` (settings) and `{key}/{channel}/{locale}` (message templates) name fixed parts of the caller's own
            // studio, not rows: SettingsTests and MessageTemplatesTests cover them. `{provider}` is such a part too, but the
            // integrations probe covers the routes that need a configured integration; GET and PUT answer the caller's own
            // studio's state (IntegrationsIsolationTests).
            let ownState: Set<String> = ["GET /api/v1/integrations/{provider}", "PUT /api/v1/integrations/{provider}"]
            let needing = book.all.filter {
                $0.path.replacingOccurrences(of: "{section}", with: "").replacingOccurrences(of: "{key}/{channel}/{locale}", with: "").contains("{")
            }.map { "\($0.method) \($0.path)" }.filter { !ownState.contains($0) }
            #expect(!needing.isEmpty)
            let missing = needing.filter { !covered.contains($0) }
            #expect(missing.isEmpty, "register a CrossTenantProbe for: \(missing)")
        }
    }
}
