import Foundation
import Providers
import Testing
import TestSupport

/// `getMe`, `setWebhook` and `deleteWebhook` against a local server speaking the Bot API.
@Suite struct TelegramBotAPITests {
    let transport = CurlHTTPTransport(concurrency: 4)
    static let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

    func api(_ baseURL: URL) -> TelegramBotAPI {
        TelegramBotAPI(transport: transport, credentials: .init(token: Self.token), baseURL: baseURL, timeout: .seconds(30))
    }

    static let me = FakeHTTPServer.Reply.json(
        #"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Studio Veloria","username":"VeloriaStudioBot","can_join_groups":true}}"#)
    static let done = FakeHTTPServer.Reply.json(#"{"ok":true,"result":true,"description":"Webhook was set"}"#)

    @Test func getMeNamesTheBotBehindTheToken() async throws {
        try await FakeHTTPServer.run({ _ in Self.me }) { server in
            // when
            let bot = try await api(server.baseURL).getMe()
            // then
            #expect(bot == TelegramBotAPI.Bot(id: 123_456_789, username: "VeloriaStudioBot", firstName: "Studio Veloria"))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/bot\(Self.token)/getMe")
        }
    }

    @Test func setWebhookSendsTheUrlTheSecretAndTheUpdateTypes() async throws {
        try await FakeHTTPServer.run({ _ in Self.done }) { server in
            // when
            try await api(server.baseURL).setWebhook(url: "https://crm.example/api/v1/webhooks/telegram/studio-a", secretToken: "s3cr3t-Token_1")
            try await api(server.baseURL).deleteWebhook()
            // then
            let requests = server.requests
            #expect(requests.map(\.path) == ["/bot\(Self.token)/setWebhook", "/bot\(Self.token)/deleteWebhook"])
            let body = try requests[0].jsonBody()
            #expect(body["url"] as? String == "https://crm.example/api/v1/webhooks/telegram/studio-a")
            #expect(body["secret_token"] as? String == "s3cr3t-Token_1")
            #expect(body["allowed_updates"] as? [String] == ["message", "edited_message", "callback_query"])
            #expect(requests[0].headers["content-type"] == "application/json")
        }
    }

    @Test func aRevokedTokenIsRejectedForGoodAndNeverAppearsInTheError() async throws {
        let unauthorized = FakeHTTPServer.Reply.json(#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#, status: 401)
        try await FakeHTTPServer.run({ _ in unauthorized }) { server in
            // when
            let failure = try #require(await sendFailure { _ = try await api(server.baseURL).getMe() })
            // then
            #expect(failure.reason == .authRejected)
            #expect(failure.isPermanent)
            #expect(!"\(failure)".contains(Self.token))
        }
    }

    @Test func aWebhookTelegramRefusesIsAPermanentInvalidRequestWithTelegramsReason() async throws {
        let refused = FakeHTTPServer.Reply.json(
            #"{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"}"#, status: 400)
        try await FakeHTTPServer.run({ _ in refused }) { server in
            // when
            let failure = try #require(
                await sendFailure { try await api(server.baseURL).setWebhook(url: "http://localhost:8080/x", secretToken: "abc") })
            // then
            #expect(failure.reason == .invalidRequest)
            #expect(failure.message == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        }
    }

    @Test func aMalformedTokenIsRefusedBeforeAnyRequest() async throws {
        try await FakeHTTPServer.run({ _ in Self.me }) { server in
            // when
            let failure = try #require(
                await sendFailure {
                    _ = try await TelegramBotAPI(transport: transport, credentials: .init(token: "1/../x"), baseURL: server.baseURL).getMe()
                })
            // then
            #expect(failure.reason == .authRejected)
            #expect(server.requests.isEmpty)
        }
    }
}
