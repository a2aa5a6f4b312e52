import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// The bot as a booking desk (issue 18, item 3), driven by synthetic updates against a local fake
/// of the Bot API: the bot's answers are the calls that reach the fake. `testNow` is Monday
/// 2026-06-01 10:00 in London; the booking studio's Anna performs the 2500.00 cut.
@Suite struct TelegramBotTests {
    static let chat: Int64 = 777_001

    /// A fake Bot API: `getMe`, `setWebhook`, and every call the conversation makes.
    static func fakeTelegram(_ request: FakeHTTPServer.RecordedRequest) -> FakeHTTPServer.Reply {
        if request.path.hasSuffix("/getMe") {
            return .json(#"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Studio","username":"VeloriaStudioBot"}}"#)
        }
        if request.path.hasSuffix("/setWebhook") || request.path.hasSuffix("/deleteWebhook") || request.path.hasSuffix("/setChatMenuButton") { return .json(#"{"ok":true,"result":true}"#) }
        if request.path.hasSuffix("/sendMessage") || request.path.hasSuffix("/editMessageText") {
            return .json(#"{"ok":true,"result":{"message_id":\#(Int.random(in: 10...99999)),"chat":{"id":\#(chat)}}}"#)
        }
        return .json(#"{"ok":false,"error_code":404,"description":"Not Found"}"#, status: 404)
    }

    /// A studio with its bot configured: the webhook secret the fake was given.
    struct Desk {
        let world: StudioWorld
        let secret: String
    }

    static func desk(_ client: some TestClientProtocol, _ app: TestApp, _ server: FakeHTTPServer) async throws -> Desk {
        let world = try await StudioWorld.booking(client, app)
        _ = try await client.configure("telegram", token: world.token)
        let set = try #require(server.requests.last { $0.path.hasSuffix("/setWebhook") })
        return Desk(world: world, secret: try #require(try set.jsonBody()["secret_token"] as? String))
    }

    static func message(_ id: Int64, text: String, from: Int64 = chat) -> String {
        #"{"update_id":\#(id),"message":{"message_id":\#(id),"from":{"id":\#(from),"first_name":"Olivia","language_code":"en"},"chat":{"id":\#(chat),"type":"private"},"text":"\#(text)"}}"#
    }

    static func contact(_ id: Int64, phone: String, owner: Int64 = chat) -> String {
        #"{"update_id":\#(id),"message":{"message_id":\#(id),"from":{"id":\#(chat),"first_name":"Olivia","language_code":"en"},"chat":{"id":\#(chat),"type":"private"},"contact":{"phone_number":"\#(phone)","first_name":"Olivia","last_name":"Bot","user_id":\#(owner)}}}"#
    }

    static func press(_ id: Int64, _ data: String) -> String {
        #"{"update_id":\#(id),"callback_query":{"id":"cb\#(id)","from":{"id":\#(chat),"first_name":"Olivia","language_code":"en"},"message":{"message_id":500,"chat":{"id":\#(chat),"type":"private"}},"data":"\#(data)"}}"#
    }

    /// Delivers an update and runs the jobs it queued (the bot's answers reach the fake).
    @discardableResult
    static func deliver(_ client: some TestClientProtocol, _ app: TestApp, _ desk: Desk, _ json: String) async throws -> TestResponse {
        let response = try await TelegramWebhookTests.deliver(client, slug: desk.world.slug, secret: desk.secret, json)
        try await runDueJobs(app)
        return response
    }

    /// The bot's conversation calls so far, in order.
    static func calls(_ server: FakeHTTPServer) throws -> [[String: Any]] {
        try server.requests.filter { $0.path.hasSuffix("/sendMessage") || $0.path.hasSuffix("/editMessageText") }.map { try $0.jsonBody() }
    }

    /// The callback data of the button labelled `label` (a prefix) in the last call that has it.
    static func button(_ server: FakeHTTPServer, _ label: String) throws -> String {
        for call in try calls(server).reversed() {
            let rows = ((call["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]]) ?? []
            if let found = rows.joined().first(where: { ($0["text"] as? String)?.hasPrefix(label) == true }), let data = found["callback_data"] as? String {
                return data
            }
        }
        throw FixtureFailure("no button \(label) in \(try calls(server).last ?? [:])")
    }

    static func lastText(_ server: FakeHTTPServer) throws -> String { try calls(server).last?["text"] as? String ?? "" }

    static func appointments(_ app: TestApp, _ world: StudioWorld) async throws -> [(status: String, source: String, startsAt: Date)] {
        struct Row: Decodable {
            let status: String
            let source: String
            let starts_at: Date
        }
        return try await app.database.sql.raw(
            "SELECT status, source, starts_at FROM appointments WHERE tenant_id = \(bind: world.tenantId) ORDER BY created_at"
        ).all(decoding: Row.self).map { ($0.status, $0.source, $0.starts_at) }
    }

    @Test func aWholeConversationLinksByPhoneBooksOnceThroughReplaysAndCancels() async throws {
        try await FakeHTTPServer.run({ Self.fakeTelegram($0) }) { server in
            try await withTestApp(config: ["public.base.url": "https://crm.example"], providers: .init(all: server.baseURL)) { client, app in
                let desk = try await Self.desk(client, app, server)
                // registering the bot made its menu button open the studio's Mini App, and the settings name both
                let menu = try #require(server.requests.last { $0.path.hasSuffix("/setChatMenuButton") })
                let button = try #require(try menu.jsonBody()["menu_button"] as? [String: Any])
                #expect((button["web_app"] as? [String: Any])?["url"] as? String == "https://crm.example/tg/\(desk.world.slug)")
                let settings = try await client.call(.get, "/api/v1/storefront/settings", as: .bearer(desk.world.token))
                struct Links: Decodable {
                    let telegramBotUrl: String?
                    let miniAppUrl: String?
                }
                let links = try settings.decoded(Links.self)
                #expect(links.telegramBotUrl == "https://t.me/VeloriaStudioBot")
                #expect(links.miniAppUrl == "https://crm.example/tg/\(desk.world.slug)")
                // /start from an unknown chat asks for the phone with Telegram's contact button
                try await Self.deliver(client, app, desk, Self.message(1, text: "/start"))
                let ask = try #require(try Self.calls(server).last)
                let keyboard = try #require((ask["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]])
                #expect(keyboard.first?.first?["request_contact"] as? Bool == true)
                // someone else's contact is refused, the sender's own links the chat to a new client
                try await Self.deliver(client, app, desk, Self.contact(2, phone: "+44 7700 900555", owner: 42))
                #expect(try Self.lastText(server).contains("your own number"))
                try await Self.deliver(client, app, desk, Self.contact(3, phone: "+44 7700 900555"))
                let linked = try await app.database.sql.raw(
                    "SELECT name FROM clients WHERE tenant_id = \(bind: desk.world.tenantId) AND telegram_chat_id = \(bind: String(Self.chat))"
                ).all().map { try $0.decode(column: "name", as: String.self) }
                #expect(linked == ["Olivia Bot"])
                // the menu offers the Mini App beside the buttons
                let menuRows = ((try Self.calls(server).last?["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]]) ?? []
                let miniApp = menuRows.joined().first { $0["web_app"] != nil }
                #expect((miniApp?["web_app"] as? [String: Any])?["url"] as? String == "https://crm.example/tg/\(desk.world.slug)")
                // service → (Anna is the only master) → day → start → confirm
                try await Self.deliver(client, app, desk, Self.press(4, try Self.button(server, "📅")))
                try await Self.deliver(client, app, desk, Self.press(5, try Self.button(server, "Cut")))
                #expect(try Self.lastText(server).contains("Choose a day"))
                try await Self.deliver(client, app, desk, Self.press(6, try Self.button(server, "Tue 2 Jun")))
                try await Self.deliver(client, app, desk, Self.press(7, try Self.button(server, "10:00")))
                #expect(try Self.lastText(server).contains("Master: Anna"))
                let confirm = try Self.button(server, "✅")
                let answer = try await Self.deliver(client, app, desk, Self.press(8, confirm))
                #expect(answer.text.contains(#""method":"answerCallbackQuery""#) && answer.text.contains(#""callback_query_id":"cb8""#))
                // Telegram redelivers the press, and the client taps Confirm again
                try await Self.deliver(client, app, desk, Self.press(8, confirm))
                try await Self.deliver(client, app, desk, Self.press(9, confirm))
                let booked = try await Self.appointments(app, desk.world)
                #expect(booked.count == 1)
                #expect(booked.first?.source == "telegram" && booked.first?.status == "pending")
                #expect(booked.first?.startsAt == ISO8601DateFormatter().date(from: "2026-06-02T09:00:00Z"))
                let texts = try Self.calls(server).compactMap { $0["text"] as? String }
                #expect(texts.filter { $0.hasPrefix("Booked: Cut with Anna") }.count == 1)
                #expect(texts.last?.contains("out of date") == true || texts.last == "What would you like to do?")
                // "my appointments" → cancel → yes
                try await Self.deliver(client, app, desk, Self.press(10, try Self.button(server, "🗂")))
                #expect(try Self.lastText(server).contains("Cut"))
                try await Self.deliver(client, app, desk, Self.press(11, try Self.button(server, "✖")))
                #expect(try Self.lastText(server).hasPrefix("Cancel Cut"))
                try await Self.deliver(client, app, desk, Self.press(12, try Self.button(server, "Yes, cancel")))
                #expect(try await Self.appointments(app, desk.world).map(\.status) == ["cancelled"])
                #expect(try Self.lastText(server).hasPrefix("Cancelled: Cut"))
                // the trail names the client as the actor of the booking
                let actors = try await app.database.sql.raw(
                    "SELECT actor_type FROM audit_log WHERE tenant_id = \(bind: desk.world.tenantId) AND action = 'appointment.created'"
                ).all().map { try $0.decode(column: "actor_type", as: String.self) }
                #expect(actors == ["client"])
            }
        }
    }

    @Test func aPressOfAnotherFlowIsOutOfDateAndMovingGoesThroughTheOfferedStarts() async throws {
        try await FakeHTTPServer.run({ Self.fakeTelegram($0) }) { server in
            try await withTestApp(config: ["public.base.url": "https://crm.example"], providers: .init(all: server.baseURL)) { client, app in
                let desk = try await Self.desk(client, app, server)
                try await Self.deliver(client, app, desk, Self.contact(1, phone: "+44 7700 900556"))
                try await Self.deliver(client, app, desk, Self.press(2, try Self.button(server, "📅")))
                try await Self.deliver(client, app, desk, Self.press(3, try Self.button(server, "Cut")))
                let oldDay = try Self.button(server, "Tue 2 Jun")
                try await Self.deliver(client, app, desk, Self.press(4, oldDay))
                try await Self.deliver(client, app, desk, Self.press(5, try Self.button(server, "11:15")))
                try await Self.deliver(client, app, desk, Self.press(6, try Self.button(server, "✅")))
                #expect(try await Self.appointments(app, desk.world).count == 1)
                // a day button of the spent booking flow acts on nothing
                try await Self.deliver(client, app, desk, Self.press(7, oldDay))
                #expect(try Self.lastText(server).contains("out of date"))
                // move: my appointments → ↻ → Wed 3 Jun → 12:00 → confirm
                try await Self.deliver(client, app, desk, Self.press(8, try Self.button(server, "🗂")))
                try await Self.deliver(client, app, desk, Self.press(9, try Self.button(server, "↻")))
                #expect(try Self.lastText(server).hasPrefix("Moving Cut"))
                try await Self.deliver(client, app, desk, Self.press(10, try Self.button(server, "Wed 3 Jun")))
                try await Self.deliver(client, app, desk, Self.press(11, try Self.button(server, "12:00")))
                try await Self.deliver(client, app, desk, Self.press(12, try Self.button(server, "✅")))
                let moved = try await Self.appointments(app, desk.world)
                #expect(moved.count == 1 && moved.first?.startsAt == ISO8601DateFormatter().date(from: "2026-06-03T11:00:00Z"))
                #expect(try Self.lastText(server).hasPrefix("Moved: Cut"))
            }
        }
    }

    @Test func withoutTelegramReceptionTheBotStaysSilentAndAnotherStudioDoesNotKnowTheChat() async throws {
        try await FakeHTTPServer.run({ Self.fakeTelegram($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given a linked chat at A
                let a = try await Self.desk(client, app, server)
                try await Self.deliver(client, app, a, Self.contact(1, phone: "+44 7700 900557"))
                let answeredAtA = try Self.calls(server).count
                // when the same chat starts at B (imperium): B asks for the phone, A's card is not B's
                let b = try await Self.desk(client, app, server)
                try await Self.deliver(client, app, b, Self.message(1, text: "/book"))
                #expect(try Self.lastText(server).contains("share your phone number"))
                #expect(try Self.calls(server).count == answeredAtA + 1)
                // and on Ivory (no telegram.reception) /start is only recorded as a message
                try await Fixtures.setPlan(in: app.database, tenant: b.world.tenant, .ivory)
                try await Self.deliver(client, app, b, Self.message(2, text: "/start"))
                #expect(try Self.calls(server).count == answeredAtA + 1)
            }
        }
    }
}

/// A waitlist offer sent by Telegram carries accept and decline buttons the bot answers.
@Suite struct TelegramOfferButtonsTests {
    @Test func anOfferIsAcceptedWithItsButtonAndAPressFromAnotherChatChangesNothing() async throws {
        try await FakeHTTPServer.run({ TelegramBotTests.fakeTelegram($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                // given Olivia, linked through the bot, waiting by Telegram; autofill on; Maria booked at 15:00
                let desk = try await TelegramBotTests.desk(client, app, server)
                let world = desk.world
                let on = try await client.call(.put, "/api/v1/settings/waitlist", as: .bearer(world.token), json: #"{"autofill":true,"offerMinutes":30}"#)
                #expect(on.status == .ok)
                try await TelegramBotTests.deliver(client, app, desk, TelegramBotTests.contact(1, phone: "+44 7700 900777"))
                let olivia = try #require(
                    try await app.database.sql.raw(
                        "SELECT id FROM clients WHERE tenant_id = \(bind: world.tenantId) AND telegram_chat_id = \(bind: String(TelegramBotTests.chat))"
                    ).first()?.decode(column: "id", as: UUID.self))
                _ = try await WaitlistTests.add(
                    client, world, #"{"clientId":"\#(olivia.uuidString.lowercased())","serviceId":"\#(world.serviceId)","channel":"telegram"}"#)
                let maria = try await world.book(client, at: "15:00")
                // when Maria cancels, the offer goes to Olivia in Telegram with two buttons
                _ = try await client.call(.post, "/api/v1/appointments/\(maria.id)/cancel", as: .bearer(world.token))
                try await WaitlistOffersTests.work(app)
                let offer = try #require(try TelegramBotTests.calls(server).last { ($0["text"] as? String)?.contains("/offer/") == true })
                let rows = try #require((offer["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]])
                let data = rows.joined().compactMap { $0["callback_data"] as? String }
                #expect(data.count == 2 && data[0].hasPrefix("-:oa:") && data[1].hasPrefix("-:od:"), "\(data)")
                let chain = try await WaitlistOffersTests.chain(client, world, of: maria.id)
                let hold = try #require(chain.first).appointmentId
                // a press from another chat (someone the message was forwarded to) changes nothing
                let stranger = #"{"update_id":50,"callback_query":{"id":"cb50","from":{"id":888,"first_name":"Eve"},"message":{"message_id":9,"chat":{"id":888,"type":"private"}},"data":"\#(data[0])"}}"#
                try await TelegramBotTests.deliver(client, app, desk, stranger)
                #expect(try await WaitlistOffersTests.appointment(client, world, hold).status == "pending")
                // Olivia's own press books her, once
                try await TelegramBotTests.deliver(client, app, desk, TelegramBotTests.press(51, data[0]))
                try await TelegramBotTests.deliver(client, app, desk, TelegramBotTests.press(52, data[0]))
                #expect(try await WaitlistOffersTests.appointment(client, world, hold).status == "confirmed")
                #expect(try await WaitlistOffersTests.chain(client, world, of: maria.id).map(\.status) == ["accepted"])
                let texts = try TelegramBotTests.calls(server).compactMap { $0["text"] as? String }
                #expect(texts.contains { $0.hasPrefix("Booked: Cut") })
                #expect(texts.last == "This offer has already been answered.")
            }
        }
    }
}
