import CRMCore
import Foundation
import Providers
import Testing
import TestSupport

@Suite struct MailgunSenderTests {
    let transport = CurlHTTPTransport(concurrency: 4)
    let credentials = MailgunSender.Credentials(
        apiKey: "key-mailgun-456", domain: "mg.studio.example", from: "Studio <noreply@mg.studio.example>", region: .eu)

    func sender(_ server: FakeHTTPServer, timeout: Duration = .seconds(30)) -> MailgunSender {
        MailgunSender(transport: transport, credentials: credentials, baseURL: server.baseURL, timeout: timeout)
    }

    static let queued = FakeHTTPServer.Reply.json(#"{"id":"<20260601090000.1.ABC@mg.studio.example>","message":"Queued. Thank you."}"#)

    @Test func theRegionChoosesTheBaseURL() {
        #expect(MailgunSender.Region.us.baseURL.absoluteString == "https://api.mailgun.net")
        #expect(MailgunSender.Region.eu.baseURL.absoluteString == "https://api.eu.mailgun.net")
    }

    @Test func postsTheFormWithApiKeyAuthAndReadsTheId() async throws {
        try await FakeHTTPServer.run({ _ in Self.queued }) { server in
            // when
            let receipt = try await sender(server).send(
                .email(to: "anna@client.example", subject: "Напоминание о записи", text: "Ждём вас завтра", html: "<p>Ждём вас <b>завтра</b></p>"))
            // then
            #expect(receipt == MessageReceipt(provider: "mailgun", providerMessageId: "20260601090000.1.ABC@mg.studio.example", status: .queued))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/v3/mg.studio.example/messages")
            #expect(request.basicCredentials == "api:key-mailgun-456")
            #expect(
                request.formFields() == [
                    "from": "Studio <noreply@mg.studio.example>", "to": "anna@client.example", "subject": "Напоминание о записи",
                    "text": "Ждём вас завтра",
                    "html": "<p>Ждём вас <b>завтра</b></p>",
                ])
        }
    }

    @Test func worksAsTheAccountEmailSender() async throws {
        try await FakeHTTPServer.run({ _ in Self.queued }) { server in
            // given
            let accountMail: any EmailSender = sender(server)
            // when
            try await accountMail.send(EmailMessage(to: "owner@studio.example", subject: "Reset", text: "Follow the link"))
            // then
            #expect(server.requests.first?.formFields()["to"] == "owner@studio.example")
            #expect(server.requests.first?.formFields()["html"] == nil)
        }
    }

    @Test func errorStatusesMapToPermanentOrTemporary() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            FakeHTTPServer.Reply(status: 401, body: Data("Forbidden".utf8)),
            .json(#"{"message":"'to' parameter is not a valid address. please check documentation"}"#, status: 400),
            .json(#"{"message":"Domain not found: mg.studio.example"}"#, status: 404),
            .json(#"{"message":"Too many requests"}"#, status: 429),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var failures: [MessageSendError] = []
            for _ in replies {
                failures.append(
                    try #require(await sendFailure { _ = try await sender(server).send(.email(to: "x@y.example", subject: "s", text: "t")) }))
            }
            // then
            #expect(failures.map(\.reason) == [.authRejected, .badRecipient, .invalidRequest, .rateLimited])
            #expect(failures.map(\.isPermanent) == [true, true, true, false])
            #expect(failures.map(\.code) == ["401", "400", "404", "429"])
            #expect(failures[2].message == "Domain not found: mg.studio.example")
            #expect(failures.allSatisfy { !"\($0)".contains("key-mailgun-456") })
        }
    }

    @Test func aSlowProviderIsATemporaryTimeout() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}", delay: .seconds(2)) }) { server in
            let failure = try #require(
                await sendFailure {
                    _ = try await sender(server, timeout: .milliseconds(300)).send(.email(to: "x@y.example", subject: "s", text: "t"))
                })
            #expect(failure.reason == .timeout)
            #expect(failure.kind == .temporary)
        }
    }

    @Test func aServerErrorIsTemporaryAndTheCallersRetrySucceeds() async throws {
        try await FakeHTTPServer.run(FakeHTTPServer.sequence([.json(#"{"message":"Internal Server Error"}"#, status: 500), Self.queued])) { server in
            // given
            let sender = self.sender(server)
            // when
            let first = await sendFailure { _ = try await sender.send(.email(to: "x@y.example", subject: "s", text: "t")) }
            let retry = try await sender.send(.email(to: "x@y.example", subject: "s", text: "t"))
            // then
            #expect(first?.reason == .providerUnavailable)
            #expect(first?.kind == .temporary)
            #expect(retry.providerMessageId == "20260601090000.1.ABC@mg.studio.example")
        }
    }

    @Test func statusComesFromTheEventsOfTheMessage() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"items":[{"event":"accepted"},{"event":"delivered","delivery-status":{"code":250}}],"paging":{}}"#),
            .json(
                #"{"items":[{"event":"accepted"},{"event":"failed","severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 mailbox unavailable"}}],"paging":{}}"#
            ),
            .json(#"{"items":[{"event":"accepted"},{"event":"failed","severity":"temporary"}],"paging":{}}"#),
            .json(#"{"items":[{"event":"delivered"},{"event":"opened"}],"paging":{}}"#),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var statuses: [DeliveryStatus?] = []
            for _ in replies { statuses.append(try await sender(server).status(providerMessageId: "20260601090000.1.ABC@mg.studio.example")) }
            // then
            #expect(
                statuses == [
                    DeliveryStatus(state: .delivered), DeliveryStatus(state: .failed, error: "550 5.1.1 mailbox unavailable"),
                    DeliveryStatus(state: .sent),
                    DeliveryStatus(state: .read),
                ])
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v3/mg.studio.example/events")
            #expect(request.queryFields == ["message-id": "20260601090000.1.ABC@mg.studio.example"])
            #expect(request.basicCredentials == "api:key-mailgun-456")
        }
    }
}
