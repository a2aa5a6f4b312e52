import Foundation
import Providers
import Testing
import TestSupport

@Suite struct SMSAeroSenderTests {
    let transport = CurlHTTPTransport(concurrency: 4)
    let credentials = SMSAeroSender.Credentials(email: "owner@studio.example", apiKey: "aero-key-123", sign: "Veloria")

    func sender(_ server: FakeHTTPServer, timeout: Duration = .seconds(30)) -> SMSAeroSender {
        SMSAeroSender(transport: transport, credentials: credentials, baseURL: server.baseURL, timeout: timeout)
    }

    static let accepted = FakeHTTPServer.Reply.json(
        #"{"success":true,"data":{"id":12345,"from":"Veloria","number":"79991234567","text":"x","status":0,"extendStatus":"queue","channel":"FREE SIGN","cost":5.49,"dateCreate":1719119523,"dateSend":1719119523},"message":null}"#
    )

    @Test func sendsNumberTextAndSignWithBasicAuthAndReadsIdAndCost() async throws {
        try await FakeHTTPServer.run({ _ in Self.accepted }) { server in
            // when
            let receipt = try await sender(server).send(.sms(to: "+7 999 123-45-67", text: "Напоминание: завтра в 10:00"))
            // then
            #expect(
                receipt
                    == MessageReceipt(
                        provider: "smsaero", providerMessageId: "12345", status: .queued, cost: ProviderCost(minorUnits: 549, currency: "RUB")))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/v2/sms/send")
            #expect(request.basicCredentials == "owner@studio.example:aero-key-123")
            #expect(request.headers["content-type"] == "application/json")
            let body = try request.jsonBody()
            #expect(body["number"] as? Int == 79_991_234_567)
            #expect(body["text"] as? String == "Напоминание: завтра в 10:00")
            #expect(body["sign"] as? String == "Veloria")
        }
    }

    @Test func refusalsArePermanentWithTheProvidersReason() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"success":false,"data":null,"message":"Validation error: number is invalid."}"#, status: 400),
            .json(#"{"success":false,"data":null,"message":"Not enough money on balance"}"#, status: 400),
            .json(#"{"success":false,"data":null,"message":"Your request was made with invalid credentials."}"#, status: 401),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            var failures: [MessageSendError] = []
            for _ in replies {
                failures.append(try #require(await sendFailure { _ = try await sender(server).send(.sms(to: "+79991234567", text: "x")) }))
            }
            // then
            #expect(failures.map(\.reason) == [.badRecipient, .insufficientBalance, .authRejected])
            #expect(failures.allSatisfy { $0.isPermanent })
            #expect(failures[0].message == "Validation error: number is invalid.")
            #expect(failures.allSatisfy { !"\($0)".contains("aero-key-123") })
        }
    }

    @Test func aSlowProviderIsATemporaryTimeout() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}", delay: .seconds(2)) }) { server in
            // when
            let failure = try #require(
                await sendFailure { _ = try await sender(server, timeout: .milliseconds(300)).send(.sms(to: "+79991234567", text: "x")) })
            // then
            #expect(failure.reason == .timeout)
            #expect(failure.kind == .temporary)
        }
    }

    @Test func aServerErrorIsTemporaryAndTheCallersRetrySucceeds() async throws {
        try await FakeHTTPServer.run(FakeHTTPServer.sequence([.json(#"{"message":"Service Unavailable"}"#, status: 503), Self.accepted])) { server in
            // given
            let sender = self.sender(server)
            // when
            let first = await sendFailure { _ = try await sender.send(.sms(to: "+79991234567", text: "x")) }
            let retry = try await sender.send(.sms(to: "+79991234567", text: "x"))
            // then
            #expect(first?.reason == .providerUnavailable)
            #expect(first?.kind == .temporary)
            #expect(retry.providerMessageId == "12345")
            #expect(server.requests.count == 2)
        }
    }

    @Test func statusIsQueriedByIdAndMapped() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"success":true,"data":{"id":12345,"status":1,"extendStatus":"delivery","cost":"5.49"},"message":null}"#),
            .json(#"{"success":true,"data":{"id":12345,"status":6,"extendStatus":"moderation reject"},"message":null}"#),
            .json(#"{"success":true,"data":{"id":12345,"status":3,"extendStatus":"transmitted"},"message":null}"#),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // when
            let delivered = try await sender(server).status(providerMessageId: "12345")
            let rejected = try await sender(server).status(providerMessageId: "12345")
            let transmitted = try await sender(server).status(providerMessageId: "12345")
            // then
            #expect(delivered == DeliveryStatus(state: .delivered))
            #expect(rejected == DeliveryStatus(state: .failed, error: "status 6 (moderation reject)"))
            #expect(transmitted == DeliveryStatus(state: .sent))
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v2/sms/status")
            #expect(request.queryFields == ["id": "12345"])
            #expect(request.basicCredentials == "owner@studio.example:aero-key-123")
        }
    }

    @Test func anotherChannelsRecipientOrABadNumberNeverReachesTheProvider() async throws {
        try await FakeHTTPServer.run({ _ in Self.accepted }) { server in
            // when
            let email = await sendFailure { _ = try await sender(server).send(.email(to: "a@b.example", subject: "s", text: "x")) }
            let garbage = await sendFailure { _ = try await sender(server).send(.sms(to: "call me", text: "x")) }
            // then
            #expect(email?.reason == .invalidRequest)
            #expect(garbage?.reason == .badRecipient)
            #expect(server.requests.isEmpty)
        }
    }
}
