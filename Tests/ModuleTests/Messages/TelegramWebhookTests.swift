import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Providers
import SQLKit
import Testing
import TestSupport

@testable import Modules

@Suite struct TelegramWebhookTests {
    static let bot = FixedTelegramBot(identity: TelegramBotIdentity(webhookSecret: "hook-secret-0123456789abcdef", username: "VeloriaStudioBot"))

    static func deliver(_ client: some TestClientProtocol, slug: String, secret: String?, _ json: String) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let secret { headers[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!] = secret }
        return try await client.execute(uri: "/api/v1/webhooks/telegram/\(slug)", method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    static func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test func aWrongOrMissingSecretIs401AndStoresNothing() async throws {
        try await withTestApp(telegramBots: Self.bot) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let update = #"{"update_id":1001,"message":{"message_id":1,"chat":{"id":555,"type":"private"},"text":"hello"}}"#
            // when
            let wrong = try await Self.deliver(client, slug: world.tenant.slug, secret: "not-the-secret", update)
            let missing = try await Self.deliver(client, slug: world.tenant.slug, secret: nil, update)
            // then
            #expect(wrong.status == .unauthorized)
            #expect(missing.status == .unauthorized)
            #expect(try await Self.count(app, "telegram_updates") == 0)
            #expect(try await Self.count(app, "messages") == 0)
        }
    }

    @Test func aReplayedUpdateIsStoredOnce() async throws {
        try await withTestApp(telegramBots: Self.bot) { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let update = #"{"update_id":2002,"message":{"message_id":7,"chat":{"id":555,"type":"private"},"text":"Can I come at 5?"}}"#
            // when Telegram delivers it twice
            let first = try await Self.deliver(client, slug: world.tenant.slug, secret: Self.bot.identity.webhookSecret, update)
            let replay = try await Self.deliver(client, slug: world.tenant.slug, secret: Self.bot.identity.webhookSecret, update)
            // then both are acknowledged and one inbound message exists
            #expect(first.status == .ok)
            #expect(replay.status == .ok)
            #expect(try await Self.count(app, "messages") == 1)
            let inbound = try await client.call(.get, "/api/v1/messages?filter[direction]=inbound", as: .bearer(world.token)).decoded(
                MessagePage.self)
            #expect(inbound.items.map(\.body) == ["Can I come at 5?"])
            #expect(inbound.items.first?.status == "received")
        }
    }

    @Test func aStartLinkConnectsTheChatAndItsMessagesReachTheClientsTimeline() async throws {
        try await withTestApp(telegramBots: Self.bot) { client, app in
            // given a link issued for a client
            let world = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: world.token)
            let issued = try await client.call(.post, "/api/v1/clients/\(customer.id)/telegram-link", as: .bearer(world.token))
            #expect(issued.status == .created)
            struct Link: Decodable {
                let token: String
                let url: String?
            }
            let link = try issued.decoded(Link.self)
            #expect(link.url == "https://t.me/VeloriaStudioBot?start=\(link.token)")
            // when the client opens it and then writes
            let start = #"{"update_id":3001,"message":{"message_id":1,"chat":{"id":98765,"type":"private"},"text":"/start \#(link.token)"}}"#
            let hello = #"{"update_id":3002,"message":{"message_id":2,"chat":{"id":98765,"type":"private"},"text":"Hello!"}}"#
            _ = try await Self.deliver(client, slug: world.tenant.slug, secret: Self.bot.identity.webhookSecret, start)
            _ = try await Self.deliver(client, slug: world.tenant.slug, secret: Self.bot.identity.webhookSecret, hello)
            // then the chat is the client's and both messages are on the timeline
            let chat = try await app.database.sql.raw("SELECT telegram_chat_id FROM clients WHERE id = \(bind: UUID(uuidString: customer.id)!)")
                .first()?.decode(column: "telegram_chat_id", as: String?.self)
            #expect(chat == "98765")
            let timeline = try await client.call(.get, "/api/v1/clients/\(customer.id)/history", as: .bearer(world.token))
            #expect(timeline.status == .ok)
            #expect(timeline.text.contains("Hello!"))
            #expect(try await auditActions(app.database, world.tenant.id).contains("client.telegram_linked"))
            // and a used token does not link another chat
            let again = #"{"update_id":3003,"message":{"message_id":1,"chat":{"id":11111,"type":"private"},"text":"/start \#(link.token)"}}"#
            _ = try await Self.deliver(client, slug: world.tenant.slug, secret: Self.bot.identity.webhookSecret, again)
            let still = try await app.database.sql.raw("SELECT telegram_chat_id FROM clients WHERE id = \(bind: UUID(uuidString: customer.id)!)")
                .first()?.decode(column: "telegram_chat_id", as: String?.self)
            #expect(still == "98765")
        }
    }

    @Test func anotherStudiosTokenLinksNothingAndUpdateIdsArePerStudio() async throws {
        try await withTestApp(telegramBots: Self.bot) { client, app in
            // given A's link token
            let a = try await StudioWorld.studio(client, app)
            let b = try await StudioWorld.studio(client, app)
            let customer = try await client.createClient(NewClient(name: "Olga"), token: a.token)
            struct Link: Decodable { let token: String }
            let link = try await client.call(.post, "/api/v1/clients/\(customer.id)/telegram-link", as: .bearer(a.token)).decoded(Link.self)
            // when it arrives at B's webhook, with an update_id A also receives
            let update = #"{"update_id":4001,"message":{"message_id":1,"chat":{"id":321,"type":"private"},"text":"/start \#(link.token)"}}"#
            let atB = try await Self.deliver(client, slug: b.tenant.slug, secret: Self.bot.identity.webhookSecret, update)
            let hello = #"{"update_id":4001,"message":{"message_id":5,"chat":{"id":999,"type":"private"},"text":"hi A"}}"#
            let atA = try await Self.deliver(client, slug: a.tenant.slug, secret: Self.bot.identity.webhookSecret, hello)
            // then B took its update without linking A's client, and A's own update 4001 was not taken for a replay
            #expect(atB.status == .ok)
            #expect(atA.status == .ok)
            let chat = try await app.database.sql.raw("SELECT telegram_chat_id FROM clients WHERE id = \(bind: UUID(uuidString: customer.id)!)")
                .first()?.decode(column: "telegram_chat_id", as: String?.self)
            #expect(chat == nil)
            let inboundA = try await client.call(.get, "/api/v1/messages?filter[direction]=inbound", as: .bearer(a.token)).decoded(MessagePage.self)
            let inboundB = try await client.call(.get, "/api/v1/messages?filter[direction]=inbound", as: .bearer(b.token)).decoded(MessagePage.self)
            #expect(inboundA.items.map(\.body) == ["hi A"])
            // B's bot took the /start as its own command (asking for the phone): no message recorded there
            #expect(inboundB.items.isEmpty)
        }
    }
}
