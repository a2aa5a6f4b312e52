import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Providers
import Testing
import TestSupport

/// The directories built from the stored settings hand the messages and payments modules real
/// clients pointed at the configured provider.
@Suite struct IntegrationDirectoryTests {
    @Test func aMessageGoesOutThroughTheStudiosSMSAeroAccount() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given SMS Aero set up through the API and a client with a phone
                let world = try await StudioWorld.studio(client, app)
                try await client.configure("smsaero", token: world.token)
                let customer = try await client.createClient(NewClient(name: "Olga", phone: "+79991234567"), token: world.token)
                // when
                let queued = try await client.call(
                    .post, "/api/v1/messages", as: .bearer(world.token), json: #"{"clientId":"\#(customer.id)","text":"See you at 10"}"#)
                try await runDueJobs(app)
                // then: SMS Aero got the studio's credentials, sign and the text
                #expect(queued.status == .accepted)
                let send = try #require(server.requests.first { $0.path == "/v2/sms/send" })
                #expect(send.basicCredentials == "owner@studio.example:\(IntegrationSamples.smsAeroKey)")
                let body = try send.jsonBody()
                #expect(body["number"] as? Int == 79_991_234_567)
                #expect(body["text"] as? String == "See you at 10")
                #expect(body["sign"] as? String == "Veloria")
                let message = try await client.call(.get, "/api/v1/messages/\(try queued.decoded(MessageBody.self).id)", as: .bearer(world.token))
                    .decoded(MessageBody.self)
                #expect(message.status == "sent")
                #expect(message.provider == "smsaero")
            }
        }
    }

    @Test func anInvoiceIsPaidThroughTheStudiosYooKassaShop() async throws {
        try await FakeYooKassa.run { yookassa in
            var endpoints = ProviderEndpoints(all: URL(string: "http://127.0.0.1:9")!)
            endpoints.yookassa = yookassa.baseURL
            try await withTestApp(providers: endpoints) { client, app in
                // given YooKassa connected through the API and an issued invoice
                let world = try await StudioWorld.payment(client, app)
                try await client.configure("yookassa", token: world.token)
                // when
                let created = try await world.pay(client)
                // then: the payment went to YooKassa with the studio's shop id and key
                #expect(created.status == .created, "\(created.text)")
                #expect(try created.decoded(PaymentBody.self).provider == "yookassa")
                #expect(yookassa.createCalls.first?.basicCredentials == "123456:\(IntegrationSamples.yooKassaKey)")
            }
        }
    }

    @Test func aDisabledProviderIsNotUsedAndTheChannelFollowsTheSwitch() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let directory = IntegrationDirectory(
                database: app.database, secretKey: app.config.secretKey, clients: testProviderClients, clock: app.clock)
            try await client.configure("smsaero", token: world.token)
            try await client.configure("smsc", token: world.token)
            // when / then
            #expect(try await directory.sender(for: .sms, tenant: world.tenant.id)?.provider == "smsaero")
            _ = try await client.call(.post, "/api/v1/integrations/smsc/enable", as: .bearer(world.token))
            #expect(try await directory.sender(for: .sms, tenant: world.tenant.id)?.provider == "smsc")
            _ = try await client.call(.post, "/api/v1/integrations/smsc/disable", as: .bearer(world.token))
            #expect(try await directory.sender(for: .sms, tenant: world.tenant.id) == nil)
            #expect(try await directory.sender(for: .email, tenant: world.tenant.id) == nil)
            // and another studio never gets this studio's provider
            let other = try await StudioWorld.studio(client, app)
            _ = try await client.call(.post, "/api/v1/integrations/smsaero/enable", as: .bearer(world.token))
            #expect(try await directory.sender(for: .sms, tenant: world.tenant.id)?.provider == "smsaero")
            #expect(try await directory.sender(for: .sms, tenant: other.tenant.id) == nil)
        }
    }

    @Test func thePaymentProvidersAreRealClientsWithTheStudiosCredentials() async throws {
        try await FakeHTTPServer.run({ FakeProviders.success($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given
                let world = try await StudioWorld.studio(client, app)
                let directory = IntegrationDirectory(
                    database: app.database, secretKey: app.config.secretKey,
                    clients: ProviderClients(http: testProviderClients.http, smtp: testProviderClients.smtp, endpoints: .init(all: server.baseURL)),
                    clock: app.clock)
                #expect(try await directory.paymentProvider(.yookassa, tenant: world.tenant.id) == nil)
                try await client.configure("yookassa", token: world.token)
                try await client.configure("stripe", token: world.token)
                // when
                let yookassa = try #require(try await directory.paymentProvider(.yookassa, tenant: world.tenant.id) as? YooKassaClient)
                let stripe = try #require(try await directory.paymentProvider(.stripe, tenant: world.tenant.id) as? StripeClient)
                _ = try await yookassa.shop()
                _ = try await stripe.balance()
                // then
                #expect(server.requests.first { $0.path == "/v3/me" }?.basicCredentials == "123456:\(IntegrationSamples.yooKassaKey)")
                #expect(server.requests.first { $0.path == "/v1/balance" }?.headers["authorization"] == "Bearer \(IntegrationSamples.stripeKey)")
                #expect(try await directory.stripeWebhookSecret(tenant: world.tenant.id) == IntegrationSamples.stripeWebhookSecret)
                #expect(try await directory.stripePublishableKey(tenant: world.tenant.id) == "pk_test_StudioPublic1")
                // and a disabled one is not offered
                _ = try await client.call(.post, "/api/v1/integrations/stripe/disable", as: .bearer(world.token))
                #expect(try await directory.paymentProvider(.stripe, tenant: world.tenant.id) == nil)
                #expect(try await directory.stripeWebhookSecret(tenant: world.tenant.id) == nil)
                #expect(try await directory.stripePublishableKey(tenant: world.tenant.id) == nil)
            }
        }
    }
}
