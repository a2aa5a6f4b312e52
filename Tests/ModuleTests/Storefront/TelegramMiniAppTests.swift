import CRMCore
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import TestSupport

@testable import Modules

/// The storefront as the studio's Telegram Mini App (issue 18, item 4): `initData` signed here
/// with the documented algorithm (own HMAC code, not the server's) for the studio's bot token.
@Suite struct TelegramMiniAppTests {
    /// `initData` for `user` signed with `token` at `authDate` (Telegram's algorithm).
    static func initData(user: Int64, name: String = "Olivia", token: String = IntegrationSamples.botToken, authDate: Date = testNow) -> String {
        let fields = [
            "auth_date": String(Int(authDate.timeIntervalSince1970)), "query_id": "AAQ\(user)",
            "user": #"{"id":\#(user),"first_name":"\#(name)","language_code":"en"}"#,
        ]
        let check = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let secret = HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: SymmetricKey(data: Data("WebAppData".utf8)))
        let hash = HMAC<SHA256>.authenticationCode(for: Data(check.utf8), using: SymmetricKey(data: Data(secret)))
            .map { String(format: "%02x", $0) }.joined()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return (fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" } + ["hash=\(hash)"])
            .joined(separator: "&")
    }

    static func me(_ client: some TestClientProtocol, slug: String, _ data: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let data { headers[HTTPField.Name("X-Telegram-Init-Data")!] = data }
        return try await client.execute(uri: "/api/v1/public/\(slug)/telegram/me", method: .get, headers: headers)
    }

    struct Me: Decodable {
        struct User: Decodable { let id: Int64 }
        struct Client: Decodable { let name: String }
        struct Staff: Decodable {
            struct Visit: Decodable {
                let startsAt: String
                let clientName: String
                let serviceName: String
            }
            let name: String
            let date: String
            let appointments: [Visit]
        }
        let user: User
        let client: Client?
        let staff: Staff?
    }

    @Test func initDataIsCheckedBookingLinksTheChatAndALinkedMasterSeesHerDay() async throws {
        try await FakeHTTPServer.run({ TelegramBotTests.fakeTelegram($0) }) { server in
            try await withTestApp(providers: .init(all: server.baseURL)) { client, app in
                let desk = try await TelegramBotTests.desk(client, app, server)
                let slug = desk.world.slug
                // refused: none, another bot's signature, a stale one
                #expect(try await Self.me(client, slug: slug, nil).status == .unauthorized)
                #expect(try await Self.me(client, slug: slug, Self.initData(user: 901, token: "999:OtherBot")).status == .unauthorized)
                let stale = try await Self.me(client, slug: slug, Self.initData(user: 901, authDate: testNow.addingTimeInterval(-90_000)))
                #expect(stale.status == .unauthorized && stale.text.contains("telegram_init_data_invalid"))
                // a fresh one: a Telegram user the studio does not know yet
                let fresh = try await Self.me(client, slug: slug, Self.initData(user: 901)).decoded(Me.self)
                #expect(fresh.user.id == 901 && fresh.client == nil && fresh.staff == nil)
                // booking from inside Telegram: source telegram, the chat linked to the client
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[.idempotencyKey] = UUID().uuidString
                headers[HTTPField.Name("X-Telegram-Init-Data")!] = Self.initData(user: 901)
                let booked = try await client.execute(
                    uri: "/api/v1/public/\(slug)/book", method: .post, headers: headers,
                    body: ByteBuffer(string: StorefrontTests.bookingJSON(desk.world, phone: "+44 7700 900901")))
                #expect(booked.status == .created, "\(booked.text)")
                let row = try await app.database.sql.raw(
                    "SELECT source FROM appointments WHERE tenant_id = \(bind: desk.world.tenantId)"
                ).all().map { try $0.decode(column: "source", as: String.self) }
                #expect(row == ["telegram"])
                #expect(try await Self.me(client, slug: slug, Self.initData(user: 901)).decoded(Me.self).client?.name == "Olivia Online")
                // a forged header books nothing
                headers[.idempotencyKey] = UUID().uuidString
                headers[HTTPField.Name("X-Telegram-Init-Data")!] = Self.initData(user: 901, token: "999:OtherBot")
                let forged = try await client.execute(
                    uri: "/api/v1/public/\(slug)/book", method: .post, headers: headers,
                    body: ByteBuffer(string: StorefrontTests.bookingJSON(desk.world, at: "2026-06-02T12:00:00", phone: "+44 7700 900902")))
                #expect(forged.status == .unauthorized)
                #expect(try await StorefrontTests.appointmentCount(app, desk.world) == 1)
                // Anna links her Telegram through the bot, once
                struct Link: Decodable {
                    let token: String?
                    let url: String?
                }
                let issued = try await client.call(.post, "/api/v1/staff/\(desk.world.staffId)/telegram-link", as: .bearer(desk.world.token))
                #expect(issued.status == .created)
                let link = try issued.decoded(Link.self)
                let token = try #require(link.token)
                #expect(link.url == "https://t.me/VeloriaStudioBot?start=\(token)")
                let start = #"{"update_id":71,"message":{"message_id":71,"from":{"id":888,"first_name":"Anna"},"chat":{"id":888,"type":"private"},"text":"/start \#(token)"}}"#
                try await TelegramBotTests.deliver(client, app, desk, start)
                #expect(try TelegramBotTests.lastText(server).hasPrefix("Done, Anna"))
                let again = #"{"update_id":72,"message":{"message_id":72,"from":{"id":999,"first_name":"Eve"},"chat":{"id":999,"type":"private"},"text":"/start \#(token)"}}"#
                try await TelegramBotTests.deliver(client, app, desk, again)
                #expect(try TelegramBotTests.lastText(server).contains("expired or was already used"))
                // and sees her day of tomorrow with the client's name
                let day = try await client.execute(
                    uri: "/api/v1/public/\(slug)/telegram/me?date=2026-06-02", method: .get,
                    headers: [HTTPField.Name("X-Telegram-Init-Data")!: Self.initData(user: 888, name: "Anna")]
                ).decoded(Me.self)
                #expect(day.staff?.name == "Anna" && day.staff?.date == "2026-06-02")
                #expect(day.staff?.appointments.map(\.clientName) == ["Olivia Online"])
                #expect(day.staff?.appointments.first?.startsAt == "2026-06-02T10:00:00+01:00")
                // the one who tried the spent link is nobody's staff
                #expect(try await Self.me(client, slug: slug, Self.initData(user: 999)).decoded(Me.self).staff == nil)
            }
        }
    }
}
