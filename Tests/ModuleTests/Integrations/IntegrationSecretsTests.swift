import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

/// Secrets are write-only in the API, sealed at rest, and never in the audit trail or the outbox.
@Suite struct IntegrationSecretsTests {
    @Test func noSecretReachesAnAnswerTheAuditTrailOrTheOutbox() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given every provider configured, changed, tested, switched, disabled and one deleted
                let world = try await StudioWorld.studio(client, app)
                var answers: [String] = []
                for provider in ["smsaero", "smsc", "mailgun", "smtp", "telegram", "yookassa", "stripe"] {
                    answers.append(try await client.putIntegration(provider, IntegrationSamples.bodies[provider]!, token: world.token).text)
                    answers.append(try await client.call(.post, "/api/v1/integrations/\(provider)/test", as: .bearer(world.token)).text)
                }
                answers.append(
                    try await client.putIntegration("smsaero", #"{"apiKey":"\#(IntegrationSamples.smsAeroKey)-2"}"#, token: world.token).text)
                answers.append(try await client.call(.post, "/api/v1/integrations/smsc/enable", as: .bearer(world.token)).text)
                answers.append(try await client.call(.post, "/api/v1/integrations/telegram/disable", as: .bearer(world.token)).text)
                answers.append(try await client.call(.delete, "/api/v1/integrations/stripe", as: .bearer(world.token)).text)
                answers.append(try await client.call(.get, "/api/v1/integrations", as: .bearer(world.token)).text)
                // when
                let trail = try await auditAndOutboxText(app.database, world.tenant.id)
                let rows = try await app.database.sql.raw("SELECT settings, secrets FROM integrations").all().map { row in
                    try row.decode(column: "settings", as: String.self) + row.decode(column: "secrets", as: String.self)
                }
                // then: the trail is there (so the search below can fail) and holds no secret
                #expect(trail.contains("integration.configured") && trail.contains("integration.tested") && trail.contains("integration.deleted"))
                #expect(trail.contains("\"secretsChanged\":[\"apiKey\"]"))
                for secret in IntegrationSamples.allSecrets {
                    let fragment = String(secret.suffix(8))
                    #expect(!answers.contains { $0.contains(secret) || $0.contains(fragment) }, "an answer shows \(fragment)")
                    #expect(!trail.contains(secret) && !trail.contains(fragment), "the audit trail or outbox holds \(fragment)")
                    #expect(!rows.contains { $0.contains(secret) }, "a row holds \(fragment) in the clear")
                }
                #expect(answers.contains { $0.contains("\"apiKey\":true") })
            }
        }
    }

    @Test func theStoredValueIsSealedAndOpensBackWithTheServersKeyOnly() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            try await client.configure("stripe", token: world.token)
            // when
            let row = try #require(try await storedIntegration(app.database, world.tenant.id, "stripe"))
            let sealed = try #require(row.sealed["secretKey"])
            // then
            #expect(!row.secrets.contains(IntegrationSamples.stripeKey))
            #expect(!row.secrets.contains(Data(IntegrationSamples.stripeKey.utf8).base64EncodedString()))
            #expect(try SecretBox(secretKey: app.config.secretKey, purpose: "integrations").open(sealed) == IntegrationSamples.stripeKey)
            #expect(throws: (any Error).self) { try SecretBox(secretKey: String(repeating: "x", count: 48), purpose: "integrations").open(sealed) }
            #expect(throws: (any Error).self) { try SecretBox(secretKey: app.config.secretKey, purpose: "totp").open(sealed) }
            // and the same secret sealed twice differs (a fresh nonce each time)
            try await client.configure("stripe", token: world.token, json: #"{"secretKey":"\#(IntegrationSamples.stripeKey)"}"#)
            let resealed = try #require(try await storedIntegration(app.database, world.tenant.id, "stripe")?.sealed["secretKey"])
            #expect(resealed != sealed)
        }
    }

    @Test func secretsSealedWithAnotherKeyAreReportedNotUsed() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given an SMS Aero key sealed by a server with another SECRET_KEY
                let world = try await StudioWorld.studio(client, app)
                try await client.configure("smsaero", token: world.token)
                let foreign = try SecretBox(secretKey: String(repeating: "o", count: 48), purpose: "integrations").seal("aero-key")
                try await app.database.sql.raw(
                    "UPDATE integrations SET secrets = \(bind: #"{"apiKey":"\#(foreign)"}"#) WHERE tenant_id = \(bind: world.tenant.id)"
                ).run()
                let customer = try await client.createClient(NewClient(name: "Olga", phone: "+79991234567"), token: world.token)
                // when
                let check = try await client.call(.post, "/api/v1/integrations/smsaero/test", as: .bearer(world.token))
                let queued = try await client.call(
                    .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(customer.id)","channel":"sms","text":"hi"}"#)
                try await runDueJobs(app)
                // then: the check says why, and the message fails for good instead of retrying, without calling SMS Aero
                #expect(check.status == .conflict)
                #expect(check.errorCode == "integration_secrets_unreadable")
                let message = try await client.call(.get, "/api/v1/messages/\(try queued.decoded(MessageBody.self).id)", as: .bearer(world.token))
                    .decoded(MessageBody.self)
                #expect(message.status == "failed")
                #expect(message.error?.contains("SECRET_KEY") == true)
                #expect(server.requests.isEmpty)
                // when the owner enters the key again, the integration works again
                let incomplete = try await client.putIntegration("smsaero", #"{"sign":"Veloria2"}"#, token: world.token)
                #expect(incomplete.errorBody?.fields == ["apiKey": "required"])
                try await client.configure("smsaero", token: world.token, json: #"{"apiKey":"aero-key-again"}"#)
                let repaired = try await client.call(.post, "/api/v1/integrations/smsaero/test", as: .bearer(world.token))
                #expect(try repaired.decoded(IntegrationTestBody.self).ok)
                #expect(server.requests.last?.basicCredentials == "owner@studio.example:aero-key-again")
            }
        }
    }
}
