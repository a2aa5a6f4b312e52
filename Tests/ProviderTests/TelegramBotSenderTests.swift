import Foundation
import Providers
import Testing
import TestSupport

@Suite struct TelegramBotSenderTests {
    let transport = CurlHTTPTransport(concurrency: 4)
    static let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

    func sender(_ baseURL: URL, timeout: Duration = .seconds(30)) -> TelegramBotSender {
        TelegramBotSender(transport: transport, credentials: .init(token: Self.token), baseURL: baseURL, timeout: timeout)
    }

    static let sent = FakeHTTPServer.Reply.json(
        #"{"ok":true,"result":{"message_id":42,"from":{"id":123456789,"is_bot":true,"first_name":"Studio"},"chat":{"id":987654321,"type":"private"},"date":1780304400,"text":"x"}}"#
    )

    @Test func sendsChatTextParseModeAndInlineKeyboard() async throws {
        try await FakeHTTPServer.run({ _ in Self.sent }) { server in
            // given
            let message = OutboundMessage.telegram(
                chat: "987654321", text: "<b>Завтра</b> в 10:00", parseMode: .html,
                inlineKeyboard: [
                    [
                        InlineKeyboardButton(text: "Подтвердить", action: .callbackData("confirm:42")),
                        InlineKeyboardButton(text: "Перенести", action: .url("https://studio.example/r/abc")),
                    ]
                ])
            // when
            let receipt = try await sender(server.baseURL).send(message)
            // then
            #expect(receipt == MessageReceipt(provider: "telegram", providerMessageId: "987654321:42", status: .delivered))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/bot\(Self.token)/sendMessage")
            let body = try request.jsonBody()
            #expect(body["chat_id"] as? Int == 987_654_321)
            #expect(body["text"] as? String == "<b>Завтра</b> в 10:00")
            #expect(body["parse_mode"] as? String == "HTML")
            let keyboard = (body["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: String]]]
            #expect(
                keyboard == [
                    [["text": "Подтвердить", "callback_data": "confirm:42"], ["text": "Перенести", "url": "https://studio.example/r/abc"]]
                ])
        }
    }

    @Test func theBotApiHasNoDeliveryStatus() async throws {
        #expect(try await sender(URL(string: "http://127.0.0.1:1")!).status(providerMessageId: "987654321:42") == nil)
    }

    @Test func refusalsMapToPermanentAndFloodControlToTemporaryWithRetryAfter() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#, status: 403),
            .json(#"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#, status: 400),
            .json(#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#, status: 401),
            .json(#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#, status: 429),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var failures: [MessageSendError] = []
            for _ in replies {
                failures.append(try #require(await sendFailure { _ = try await sender(server.baseURL).send(.telegram(chat: "1", text: "x")) }))
            }
            // then
            #expect(failures.map(\.reason) == [.blocked, .badRecipient, .authRejected, .rateLimited])
            #expect(failures.map(\.isPermanent) == [true, true, true, false])
            #expect(failures[3].retryAfter == .seconds(7))
            #expect(failures[0].message == "Forbidden: bot was blocked by the user")
        }
    }

    @Test func theTokenNeverAppearsInAnError() async throws {
        let echo = FakeHTTPServer.Reply.json(#"{"ok":false,"error_code":404,"description":"Not Found: /bot\#(Self.token)/sendMessage"}"#, status: 404)
        try await FakeHTTPServer.run({ _ in echo }) { server in
            // when
            let echoed = try #require(await sendFailure { _ = try await sender(server.baseURL).send(.telegram(chat: "1", text: "x")) })
            let refused = try #require(
                await sendFailure { _ = try await sender(URL(string: "http://127.0.0.1:1")!).send(.telegram(chat: "1", text: "x")) })
            // then
            for failure in [echoed, refused] {
                #expect(!"\(failure)".contains(Self.token))
                #expect(!String(reflecting: failure).contains(Self.token))
                #expect(!failure.message.contains("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"))
            }
            #expect(echoed.message == "Not Found: /bot<token>/sendMessage")
            #expect(refused.reason == .connection)
            #expect(!"\(TelegramBotSender.Credentials(token: Self.token))".contains(Self.token))
        }
    }

    @Test func aSlowApiIsATemporaryTimeout() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}", delay: .seconds(2)) }) { server in
            let failure = try #require(
                await sendFailure { _ = try await sender(server.baseURL, timeout: .milliseconds(300)).send(.telegram(chat: "1", text: "x")) })
            #expect(failure.reason == .timeout)
            #expect(failure.kind == .temporary)
            #expect(!"\(failure)".contains(Self.token))
        }
    }

    @Test func aServerErrorIsTemporaryAndTheCallersRetrySucceeds() async throws {
        let badGateway = FakeHTTPServer.Reply.json(#"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#, status: 502)
        try await FakeHTTPServer.run(FakeHTTPServer.sequence([badGateway, Self.sent])) { server in
            // given
            let sender = self.sender(server.baseURL)
            // when
            let first = await sendFailure { _ = try await sender.send(.telegram(chat: "987654321", text: "x")) }
            let retry = try await sender.send(.telegram(chat: "987654321", text: "x"))
            // then
            #expect(first?.reason == .providerUnavailable)
            #expect(first?.kind == .temporary)
            #expect(retry.providerMessageId == "987654321:42")
        }
    }
}
