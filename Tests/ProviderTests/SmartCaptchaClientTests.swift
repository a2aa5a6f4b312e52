import Foundation
import Providers
import Testing
import TestSupport

/// The SmartCaptcha client against a local fake of `POST /validate`.
@Suite struct SmartCaptchaClientTests {
    let transport = CurlHTTPTransport(concurrency: 2)

    func client(_ server: FakeHTTPServer, key: String = "server-key-1") -> SmartCaptchaClient {
        SmartCaptchaClient(transport: transport, serverKey: key, baseURL: server.baseURL, timeout: .seconds(5))
    }

    @Test func aGoodTokenPassesOnceWithTheDocumentedForm() async throws {
        try await FakeHTTPServer.run(FakeSmartCaptcha.handler(serverKey: "server-key-1", tokens: ["good"])) { server in
            // when
            let first = await client(server).validate(token: "good", ip: "203.0.113.7")
            let again = await client(server).validate(token: "good", ip: "203.0.113.7")
            // then
            #expect(first == .passed)
            #expect(again == .failed(message: "Invalid or expired Token."), "a token is good once")
            let request = try #require(server.requests.first)
            #expect(request.method == "POST" && request.path == "/validate")
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(request.formFields() == ["secret": "server-key-1", "token": "good", "ip": "203.0.113.7"])
        }
    }

    @Test func aWrongTokenOrKeyFails() async throws {
        try await FakeHTTPServer.run(FakeSmartCaptcha.handler(serverKey: "server-key-1", tokens: ["good"])) { server in
            #expect(await client(server).validate(token: "forged", ip: nil) == .failed(message: "Invalid or expired Token."))
            let wrongKey = await client(server, key: "other").validate(token: "good", ip: nil)
            guard case .failed(let message) = wrongKey else { Issue.record("\(wrongKey)"); return }
            #expect(!message.contains("other"))
            #expect(server.requests.first?.formFields()["ip"] == nil, "no address, no ip field")
        }
    }

    @Test func noAnswerOf200IsUnavailableNotFailed() async throws {
        // given: the service is down (500), answers something else, or does not answer at all
        try await FakeHTTPServer.run(FakeSmartCaptcha.handler(serverKey: "k", tokens: [], down: true)) { server in
            guard case .unavailable(let reason) = await client(server).validate(token: "t", ip: nil) else { Issue.record("500 is not a verdict"); return }
            #expect(reason == "HTTP 500")
        }
        try await FakeHTTPServer.run({ _ in .json("<html>gateway</html>") }) { server in
            guard case .unavailable = await client(server).validate(token: "t", ip: nil) else { Issue.record("not SmartCaptcha's JSON"); return }
        }
        let closed = SmartCaptchaClient(transport: transport, serverKey: "k", baseURL: URL(string: "http://127.0.0.1:9")!, timeout: .seconds(2))
        guard case .unavailable = await closed.validate(token: "t", ip: nil) else { Issue.record("a closed port is no verdict"); return }
    }
}
