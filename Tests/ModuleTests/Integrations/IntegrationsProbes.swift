import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

@testable import Modules
@testable import Integrations

extension CrossTenantProbes {
    /// A's SMS Aero account. `{provider}` is not an id: B acting on `smsaero` acts on B's own
    /// (unconfigured) integration, so testing, enabling, disabling or deleting it is the same 404 as
    /// a provider that does not exist; no answer to B carries A's settings; A's row is untouched.
    /// GET and PUT of `/integrations/{provider}` answer B's own state: `IntegrationsIsolationTests`.
    static let integrations = CrossTenantProbe(
        name: "integrations",
        fixture: { world, app in
            let vault = IntegrationVault(secretKey: app.config.secretKey)
            let integration = Integration(
                tenantId: world.tenant.id, provider: .smsaero, enabled: true,
                settings: ["email": "a-owner@studio-a.example", "sign": "StudioA"], sealedSecrets: ["apiKey": try vault.seal("a-secret-key")],
                lastTestedAt: nil, lastTestOk: nil, lastTestError: nil, createdAt: testNow, updatedAt: testNow)
            try await IntegrationsRepository(sql: app.database.sql, tenantId: world.tenant.id).save(integration)
            return ["provider": "smsaero", "sign": "StudioA", "email": "a-owner@studio-a.example"]
        },
        routes: [
            .init(.post, "/api/v1/integrations/{provider}/test"),
            .init(.post, "/api/v1/integrations/{provider}/enable"),
            .init(.post, "/api/v1/integrations/{provider}/disable"),
            .init(.delete, "/api/v1/integrations/{provider}"),
        ],
        lists: [
            .init(path: "/api/v1/integrations") { try $0.decoded(IntegrationList.self).items.flatMap(IntegrationsProbeValues.configured) },
            .init(path: "/api/v1/integrations/smsaero") { IntegrationsProbeValues.configured(try $0.decoded(IntegrationBody.self)) },
        ],
        intact: { world, app, _ in
            guard let stored = try await IntegrationsRepository(sql: app.database.sql, tenantId: world.tenant.id).find(.smsaero) else { return false }
            let opened = try IntegrationVault(secretKey: app.config.secretKey).open(stored)
            return stored.enabled && stored.text("sign") == "StudioA" && opened.secret("apiKey") == "a-secret-key" && stored.updatedAt == testNow
        })
}

enum IntegrationsProbeValues {
    /// The setting values of a configured integration (none for an unconfigured one).
    static func configured(_ integration: IntegrationBody) -> [String] {
        guard integration.state != "not_configured" else { return [] }
        return integration.settings.values.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}

/// GET and PUT of `/integrations/{provider}` by another studio: B sees and changes only its own.
@Suite struct IntegrationsIsolationTests {
    @Test func anotherStudioSeesItsOwnStateAndItsChangesNeverTouchTheFirstStudiosRow() async throws {
        try await withTestApp { client, app in
            // given A's SMSC account
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            try await client.configure("smsc", token: a.token)
            let before = try #require(try await storedIntegration(app.database, a.tenant.id, "smsc"))
            // when B reads the same provider, then sets and deletes its own
            let seen = try await client.call(.get, "/api/v1/integrations/smsc", as: .bearer(b.token))
            let set = try await client.configure("smsc", token: b.token, json: #"{"login":"studio-b","password":"b-password"}"#)
            let listed = try await client.call(.get, "/api/v1/integrations", as: .bearer(b.token)).decoded(IntegrationList.self)
            let deleted = try await client.call(.delete, "/api/v1/integrations/smsc", as: .bearer(b.token))
            // then: B never saw A's settings and A's row is as it was
            #expect(try seen.decoded(IntegrationBody.self).state == "not_configured")
            #expect(!seen.text.contains("studio\"") && !seen.text.contains("Veloria"))
            #expect(set.settings == ["login": "studio-b", "sender": .null])
            #expect(listed.items.first { $0.provider == "smsc" }?.settings["login"] == "studio-b")
            #expect(deleted.status == .noContent)
            let after = try #require(try await storedIntegration(app.database, a.tenant.id, "smsc"))
            #expect(after.settings == before.settings && after.secrets == before.secrets && after.enabled && after.updatedAt == before.updatedAt)
            let own = try await client.call(.get, "/api/v1/integrations/smsc", as: .bearer(a.token)).decoded(IntegrationBody.self)
            #expect(own.settings["login"] == "studio")
            // and B's changes are in B's trail only
            #expect(try await auditActions(app.database, a.tenant.id).filter { $0.hasPrefix("integration.") } == ["integration.configured"])
        }
    }
}
