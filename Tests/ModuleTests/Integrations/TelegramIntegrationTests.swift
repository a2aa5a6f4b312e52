import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TestSupport

/// The studio's bot: setting it registers the webhook with a secret of ours, the incoming
/// webhook accepts exactly that secret, disabling and forgetting it remove the webhook.
@Suite struct TelegramIntegrationTests {
    static let update = #"{"update_id":5001,"message":{"message_id":1,"chat":{"id":555,"type":"private"},"text":"hello"}}"#

    static func webhookCalls(_ server: FakeHTTPServer, _ method: String) -> [FakeHTTPServer.RecordedRequest] {
        server.requests.filter { $0.path == "/bot\(IntegrationSamples.botToken)/\(method)" }
    }

    @Test func settingTheBotPointsItsWebhookHereAndTheWebhookAcceptsThatSecretOnly() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(config: ["public.base.url": "https://crm.example"], providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                // when
                let bot = try await client.configure("telegram", token: world.token)
                // then: getMe named the bot and setWebhook got our URL and a secret
                #expect(bot.state == "enabled")
                #expect(bot.settings == ["botUsername": .string(FakeProviders.botUsername)])
                #expect(bot.secrets == ["botToken": true])
                let set = try #require(Self.webhookCalls(server, "setWebhook").first)
                let body = try set.jsonBody()
                #expect(body["url"] as? String == "https://crm.example/api/v1/webhooks/telegram/\(world.tenant.slug)")
                let secret = try #require(body["secret_token"] as? String)
                #expect(secret.count >= 32)
                // and the incoming webhook takes Telegram's updates with that secret, and nothing else
                let accepted = try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: secret, Self.update)
                let forged = try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: secret + "x", Self.update)
                #expect(accepted.status == .ok)
                #expect(forged.status == .unauthorized)
                // and chat links name the bot
                let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
                let link = try await client.call(.post, "/api/v1/clients/\(customer.id)/telegram-link", as: .bearer(world.token))
                struct Link: Decodable { let url: String? }
                #expect(try link.decoded(Link.self).url?.hasPrefix("https://t.me/\(FakeProviders.botUsername)?start=") == true)
            }
        }
    }

    @Test func disablingRemovesTheWebhookAndTheWebhookRefusesUpdatesEnablingRegistersANewSecret() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                try await client.configure("telegram", token: world.token)
                let first = try #require(try Self.webhookCalls(server, "setWebhook").first?.jsonBody()["secret_token"] as? String)
                // when
                let disabled = try await client.call(.post, "/api/v1/integrations/telegram/disable", as: .bearer(world.token))
                let whileDisabled = try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: first, Self.update)
                let enabled = try await client.call(.post, "/api/v1/integrations/telegram/enable", as: .bearer(world.token))
                // then
                #expect(try disabled.decoded(IntegrationBody.self).state == "disabled")
                #expect(Self.webhookCalls(server, "deleteWebhook").count == 1)
                #expect(whileDisabled.status == .notFound)
                #expect(try enabled.decoded(IntegrationBody.self).state == "enabled")
                let second = try #require(try Self.webhookCalls(server, "setWebhook").last?.jsonBody()["secret_token"] as? String)
                #expect(second != first)
                #expect(try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: first, Self.update).status == .unauthorized)
                #expect(try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: second, Self.update).status == .ok)
                // when it is forgotten
                let deleted = try await client.call(.delete, "/api/v1/integrations/telegram", as: .bearer(world.token))
                // then
                #expect(deleted.status == .noContent)
                #expect(Self.webhookCalls(server, "deleteWebhook").count == 2)
                #expect(try await TelegramWebhookTests.deliver(client, slug: world.tenant.slug, secret: second, Self.update).status == .notFound)
            }
        }
    }

    @Test func aTokenTelegramRefusesStoresNothingAndAnUnreachableTelegramIs502() async throws {
        try await FakeHTTPServer.run({ FakeProviders.rejecting($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                // when
                let refused = try await client.putIntegration("telegram", IntegrationSamples.bodies["telegram"]!, token: world.token)
                // then
                #expect(refused.status == .unprocessableContent)
                #expect(refused.errorCode == "provider_rejected")
                #expect(refused.errorBody?.details?["reason"] == "auth_rejected")
                #expect(!refused.text.contains(IntegrationSamples.botToken))
                #expect(try await storedIntegration(app.database, world.tenant.id, "telegram") == nil)
                #expect(Self.webhookCalls(server, "setWebhook").isEmpty)
            }
        }
        try await withTestApp { client, app in
            // given: Telegram at a closed port
            let world = try await StudioWorld.studio(client, app)
            // when
            let unreachable = try await client.putIntegration("telegram", IntegrationSamples.bodies["telegram"]!, token: world.token)
            // then
            #expect(unreachable.status == .badGateway)
            #expect(unreachable.errorCode == "provider_unavailable")
            #expect(try await storedIntegration(app.database, world.tenant.id, "telegram") == nil)
        }
    }

    @Test func aTokenOfAnotherBotRemovesThePreviousBotsWebhook() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                try await client.configure("telegram", token: world.token)
                let other = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDxyz"
                // when
                try await client.configure("telegram", token: world.token, json: #"{"botToken":"\#(other)"}"#)
                // then: the old bot lost its webhook before the new one got one
                let paths = server.requests.map(\.path)
                let removed = try #require(paths.firstIndex(of: "/bot\(IntegrationSamples.botToken)/deleteWebhook"))
                let registered = try #require(paths.firstIndex(of: "/bot\(other)/setWebhook"))
                #expect(removed < registered)
                let row = try #require(try await storedIntegration(app.database, world.tenant.id, "telegram"))
                let box = SecretBox(secretKey: app.config.secretKey, purpose: "integrations")
                #expect(try box.open(try #require(row.sealed["botToken"])) == other)
            }
        }
    }
}
