import CRMCore
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// `POST /integrations/{provider}/test`: the real clients against a local server speaking each
/// provider's protocol, with the credentials the studio stored.
@Suite struct IntegrationChecksTests {
    /// The request each provider's check makes.
    static let checkPaths: [String: String] = [
        "smsaero": "/v2/balance", "smsc": "/sys/balance.php", "mailgun": "/v3/domains/mg.studio.example",
        "telegram": "/bot\(IntegrationSamples.botToken)/getMe", "yookassa": "/v3/me", "stripe": "/v1/balance",
    ]

    @Test(arguments: ["smsaero", "smsc", "mailgun", "telegram", "yookassa", "stripe"])
    func acceptedCredentialsPassAndTheOutcomeIsStored(provider: String) async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                try await client.configure(provider, token: world.token)
                let before = server.requests.count
                // when
                let response = try await client.call(.post, "/api/v1/integrations/\(provider)/test", as: .bearer(world.token))
                // then
                #expect(response.status == .ok)
                let result = try response.decoded(IntegrationTestBody.self)
                #expect(result.ok, "\(response.text)")
                #expect(result.error == nil)
                #expect(result.detail?.isEmpty == false)
                #expect(server.requests.dropFirst(before).map(\.path) == [Self.checkPaths[provider]!])
                let shown = try await client.call(.get, "/api/v1/integrations/\(provider)", as: .bearer(world.token)).decoded(IntegrationBody.self)
                #expect(shown.lastTest?.ok == true)
                #expect(shown.lastTest?.at == testNow)
                #expect(try await auditActions(app.database, world.tenant.id).contains("integration.tested"))
            }
        }
    }

    @Test func whatEachProviderSaysAboutTheAccountIsShown() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                var details: [String: String] = [:]
                for provider in ["smsaero", "smsc", "telegram", "yookassa", "stripe"] {
                    try await client.configure(provider, token: world.token)
                    // when
                    let result = try await client.call(.post, "/api/v1/integrations/\(provider)/test", as: .bearer(world.token))
                        .decoded(IntegrationTestBody.self)
                    details[provider] = result.detail
                }
                // then
                #expect(
                    details == [
                        "smsaero": "balance 337.03 RUB", "smsc": "balance 123.45 RUB", "telegram": "@VeloriaStudioBot",
                        "yookassa": "shop 123456 (test)",
                        "stripe": "available 1500.00 RUB (test mode)",
                    ])
            }
        }
    }

    @Test(arguments: ["smsaero", "mailgun", "telegram", "yookassa", "stripe"])
    func rejectedCredentialsAreAnOkFalseAnswerWithTheCleanedReason(provider: String) async throws {
        // The provider accepts the credentials while they are set up (Telegram checks them then), and refuses them later.
        let revoked = FakeProviders.Switch()
        try await FakeHTTPServer.run({ revoked.isOn ? FakeProviders.rejecting($0) : FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                try await client.configure(provider, token: world.token)
                revoked.turnOn()
                // when
                let response = try await client.call(.post, "/api/v1/integrations/\(provider)/test", as: .bearer(world.token))
                // then
                #expect(response.status == .ok)
                let result = try response.decoded(IntegrationTestBody.self)
                #expect(!result.ok)
                #expect(result.error?.reason == "auth_rejected", "\(response.text)")
                #expect(result.error?.temporary == false)
                #expect(result.integration.lastTest?.ok == false)
                #expect(result.integration.lastTest?.error == result.error?.message)
                // Stripe echoes a masked fragment of the key: it is cut out too.
                #expect(!response.text.contains("9a2d") && !response.text.contains("****"))
                #expect(!(try await auditAndOutboxText(app.database, world.tenant.id)).contains("9a2d"))
            }
        }
    }

    @Test func anUnreachableProviderIsATemporaryFailureAndANewSecretClearsTheLastTest() async throws {
        try await withTestApp { client, app in
            // given: the test app's endpoints are a closed local port
            let world = try await StudioWorld.studio(client, app)
            try await client.configure("yookassa", token: world.token)
            // when
            let result = try await client.call(.post, "/api/v1/integrations/yookassa/test", as: .bearer(world.token)).decoded(
                IntegrationTestBody.self)
            let changed = try await client.configure("yookassa", token: world.token, json: #"{"secretKey":"test_another_key_1"}"#)
            // then
            #expect(!result.ok)
            #expect(result.error?.temporary == true)
            #expect(result.error?.reason == "connection")
            #expect(result.integration.lastTest != nil)
            #expect(changed.lastTest == nil)
        }
    }

    @Test func aNotConfiguredProviderCannotBeTested() async throws {
        try await withTestApp { client, app in
            let world = try await StudioWorld.studio(client, app)
            let response = try await client.call(.post, "/api/v1/integrations/smsc/test", as: .bearer(world.token))
            #expect(response.status == .notFound)
        }
    }
}
