import Foundation
import Providers
import Testing
import TestSupport

/// The harmless calls the integration check makes with a studio's credentials (balances, the
/// Mailgun domain, the YooKassa shop), each against a local server speaking the provider's
/// protocol: the request the provider expects, the answer read, a refusal mapped.
@Suite struct AccountCheckTests {
    let transport = CurlHTTPTransport(concurrency: 4)

    func payment<T>(_ body: () async throws -> T) async -> PaymentProviderError? {
        do {
            _ = try await body()
            return nil
        } catch let error as PaymentProviderError {
            return error
        } catch {
            Issue.record("expected a PaymentProviderError, got \(error)")
            return nil
        }
    }

    @Test func smsAeroBalanceIsAGetWithBasicAuth() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"success":true,"data":{"balance":337.03},"message":null}"#),
            .json(#"{"success":false,"data":null,"message":"Your credentials are incorrect"}"#, status: 401),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // given
            let sender = SMSAeroSender(
                transport: transport, credentials: .init(email: "owner@studio.example", apiKey: "aero-key-123", sign: "Veloria"),
                baseURL: server.baseURL, timeout: .seconds(30))
            // when
            let balance = try await sender.balance()
            let refused = await sendFailure { _ = try await sender.balance() }
            // then
            #expect(balance == AccountBalance(minorUnits: 33_703, currency: "RUB"))
            #expect(balance.description == "337.03 RUB")
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v2/balance")
            #expect(request.basicCredentials == "owner@studio.example:aero-key-123")
            #expect(refused?.reason == .authRejected)
        }
    }

    @Test func smscBalanceIsAFormPostAndTheOldRoubleCodeIsRead() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"balance":"123.45","currency":"RUR"}"#), .json(#"{"error":"authorise error","error_code":2}"#),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // given
            let sender = SMSCSender(
                transport: transport, credentials: .init(login: "studio", password: "smsc-pass"), baseURL: server.baseURL, timeout: .seconds(30))
            // when
            let balance = try await sender.balance()
            let refused = await sendFailure { _ = try await sender.balance() }
            // then
            #expect(balance == AccountBalance(minorUnits: 12_345, currency: "RUB"))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/sys/balance.php")
            #expect(request.formFields() == ["login": "studio", "psw": "smsc-pass", "fmt": "3"])
            #expect(request.query == nil)
            #expect(refused?.reason == .authRejected)
        }
    }

    @Test func mailgunDomainStateComesFromTheDomainsApi() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(
                #"{"domain":{"name":"mg.studio.example","state":"unverified","type":"custom"},"receiving_dns_records":[],"sending_dns_records":[]}"#),
            FakeHTTPServer.Reply(status: 401, body: Data("Forbidden".utf8)),
            .json(#"{"message":"Domain not found"}"#, status: 404),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // given
            let sender = MailgunSender(
                transport: transport,
                credentials: .init(apiKey: "key-mailgun", domain: "mg.studio.example", from: "Studio <noreply@mg.studio.example>"),
                baseURL: server.baseURL, timeout: .seconds(30))
            // when
            let state = try await sender.domainState()
            let forbidden = await sendFailure { _ = try await sender.domainState() }
            let unknown = await sendFailure { _ = try await sender.domainState() }
            // then
            #expect(state == "unverified")
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v3/domains/mg.studio.example")
            #expect(request.basicCredentials == "api:key-mailgun")
            #expect(forbidden?.reason == .authRejected)
            #expect(unknown?.reason == .invalidRequest)
            #expect(unknown?.message == "Domain not found")
        }
    }

    @Test func yooKassaShopIsReadFromMe() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(#"{"account_id":"123456","test":true,"fiscalization_enabled":false,"payment_methods":["bank_card"],"status":"enabled"}"#),
            .json(
                #"{"type":"error","id":"e1","code":"invalid_credentials","description":"Authentication by given credentials failed"}"#, status: 401),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // given
            let client = YooKassaClient(
                transport: transport, credentials: .init(shopId: "123456", secretKey: "test_secret"), baseURL: server.baseURL, timeout: .seconds(30))
            // when
            let shop = try await client.shop()
            let refused = await payment { try await client.shop() }
            // then
            #expect(shop == YooKassaClient.Shop(accountId: "123456", test: true, status: "enabled"))
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v3/me")
            #expect(request.basicCredentials == "123456:test_secret")
            #expect(refused?.kind == .permanent)
            #expect(refused?.code == "invalid_credentials")
        }
    }

    @Test func stripeBalanceIsAGetWithTheBearerKey() async throws {
        let replies: [FakeHTTPServer.Reply] = [
            .json(
                #"{"object":"balance","available":[{"amount":150000,"currency":"rub","source_types":{"card":150000}}],"livemode":false,"pending":[]}"#
            ),
            .json(
                #"{"error":{"message":"Invalid API Key provided: sk_test_****abcd","type":"invalid_request_error"}}"#, status: 401),
        ]
        try await FakeHTTPServer.run(FakeHTTPServer.sequence(replies)) { server in
            // given
            let client = StripeClient(
                transport: transport, credentials: .init(secretKey: "sk_test_123abcd"), baseURL: server.baseURL, timeout: .seconds(30))
            // when
            let balance = try await client.balance()
            let refused = await payment { try await client.balance() }
            // then
            #expect(balance == StripeClient.Balance(available: [AccountBalance(minorUnits: 150_000, currency: "RUB")], livemode: false))
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v1/balance")
            #expect(request.headers["authorization"] == "Bearer sk_test_123abcd")
            #expect(refused?.kind == .permanent)
            #expect(refused?.code == "401")
        }
    }
}
