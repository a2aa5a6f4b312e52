import Foundation
import Providers
import Testing
import TestSupport

@Suite struct SMSCSenderTests {
    let transport = CurlHTTPTransport(concurrency: 4)
    let credentials = SMSCSender.Credentials(login: "studio", password: "smsc-secret", sender: "Veloria")

    func sender(_ server: FakeHTTPServer, timeout: Duration = .seconds(30)) -> SMSCSender {
        SMSCSender(transport: transport, credentials: credentials, baseURL: server.baseURL, timeout: timeout)
    }

    static let accepted = FakeHTTPServer.Reply.json(#"{"id":204,"cnt":1,"cost":"1.44","balance":"121.12"}"#)

    @Test func sendsTheFormWithCredentialsInTheBodyAndReadsIdAndCost() async throws {
        try await FakeHTTPServer.run({ _ in Self.accepted }) { server in
            // when
            let receipt = try await sender(server).send(.sms(to: "+79991234567", text: "Запись подтверждена & ждём вас"))
            // then
            #expect(
                receipt
                    == MessageReceipt(
                        provider: "smsc", providerMessageId: "204:79991234567", status: .queued, cost: ProviderCost(minorUnits: 144, currency: "RUB"))
            )
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/sys/send.php")
            #expect(request.query == nil)
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(
                request.formFields() == [
                    "login": "studio", "psw": "smsc-secret", "phones": "+79991234567", "mes": "Запись подтверждена & ждём вас", "sender": "Veloria",
                    "fmt": "3", "charset": "utf-8", "cost": "3",
                ])
        }
    }

    @Test func errorCodesMapToPermanentOrTemporary() async throws {
        // given: error_code → expected reason, per the SMSC error table
        let table: [(Int, MessageSendError.Reason)] = [
            (1, .invalidRequest), (2, .authRejected), (3, .insufficientBalance), (4, .rateLimited), (5, .invalidRequest), (6, .blocked),
            (7, .badRecipient), (8, .badRecipient), (9, .rateLimited),
        ]
        let replies = table.map { FakeHTTPServer.Reply.json(#"{"error":"описание \#($0.0)","error_code":\#($0.0)}"#) }
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var failures: [MessageSendError] = []
            for _ in table {
                failures.append(try #require(await sendFailure { _ = try await sender(server).send(.sms(to: "+79991234567", text: "x")) }))
            }
            // then
            #expect(failures.map(\.reason) == table.map(\.1))
            #expect(failures.map(\.code) == table.map { String($0.0) })
            #expect(failures.map(\.isPermanent) == [true, true, true, false, true, true, true, true, false])
            #expect(failures[1].message == "описание 2")
            #expect(failures.allSatisfy { !"\($0)".contains("smsc-secret") })
        }
    }

    @Test func aSlowProviderIsATemporaryTimeout() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}", delay: .seconds(2)) }) { server in
            // when
            let failure = try #require(
                await sendFailure { _ = try await sender(server, timeout: .milliseconds(300)).send(.sms(to: "+79991234567", text: "x")) })
            // then
            #expect(failure.reason == .timeout)
            #expect(!failure.isPermanent)
        }
    }

    @Test func aServerErrorIsTemporaryAndTheCallersRetrySucceeds() async throws {
        try await FakeHTTPServer.run(FakeHTTPServer.sequence([FakeHTTPServer.Reply(status: 502, body: Data("Bad Gateway".utf8)), Self.accepted])) {
            server in
            // given
            let sender = self.sender(server)
            // when
            let first = await sendFailure { _ = try await sender.send(.sms(to: "+79991234567", text: "x")) }
            let retry = try await sender.send(.sms(to: "+79991234567", text: "x"))
            // then
            #expect(first?.reason == .providerUnavailable)
            #expect(first?.kind == .temporary)
            #expect(retry.providerMessageId == "204:79991234567")
        }
    }

    @Test func statusSendsIdAndPhoneAndMapsTheStatusCode() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"status":1,"last_date":"01.06.2026 12:00:05","last_timestamp":1780315205}"#),
            .json(#"{"status":2,"last_date":"01.06.2026 12:01:00","last_timestamp":1780315260}"#),
            .json(#"{"status":22,"last_date":"01.06.2026 12:00:05","last_timestamp":1780315205,"err":1}"#),
            .json(#"{"status":-1,"last_date":"01.06.2026 12:00:05","last_timestamp":1780315205}"#),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var statuses: [DeliveryStatus?] = []
            for _ in replies { statuses.append(try await sender(server).status(providerMessageId: "204:79991234567")) }
            // then
            #expect(
                statuses == [
                    DeliveryStatus(state: .delivered), DeliveryStatus(state: .read), DeliveryStatus(state: .failed, error: "status 22, error 1"),
                    DeliveryStatus(state: .sent),
                ])
            let request = try #require(server.requests.first)
            #expect(request.path == "/sys/status.php")
            #expect(
                request.formFields() == [
                    "login": "studio", "psw": "smsc-secret", "phone": "+79991234567", "id": "204", "fmt": "3", "charset": "utf-8",
                ])
        }
    }
}
