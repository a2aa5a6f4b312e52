import Foundation
import Providers
import Testing
import TestSupport

@Suite struct CurlHTTPTransportTests {
    let transport = CurlHTTPTransport(concurrency: 4)

    @Test func sendsMethodHeadersAndBodyAndReadsTheResponse() async throws {
        try await FakeHTTPServer.run({ request in
            .json(#"{"echo":"\#(request.method) \#(request.path)"}"#, status: 201)
        }) { server in
            // when
            let response = try await transport.send(
                OutboundRequest(
                    method: "POST", url: server.baseURL.appendingPathComponent("v3/payments"),
                    headers: [("Content-Type", "application/json"), ("Idempotence-Key", "abc-123"), ("Authorization", "Basic c2hvcDprZXk=")],
                    body: Data(#"{"amount":{"value":"100.00","currency":"RUB"}}"#.utf8)))
            // then
            #expect(response.status == 201)
            #expect(response.headers["content-type"] == "application/json")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"echo":"POST /v3/payments"}"#)
            let received = try #require(server.requests.first)
            #expect(received.headers["idempotence-key"] == "abc-123")
            #expect(received.headers["authorization"] == "Basic c2hvcDprZXk=")
            #expect(received.headers["expect"] == nil)
            #expect(received.bodyText == #"{"amount":{"value":"100.00","currency":"RUB"}}"#)
        }
    }

    @Test func methodsWithoutBodyAndQueryStringsArriveIntact() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}") }) { server in
            _ = try await transport.send(OutboundRequest(method: "GET", url: URL(string: "\(server.baseURL)/status?id=42&x=a%20b")!))
            _ = try await transport.send(OutboundRequest(method: "DELETE", url: server.baseURL.appendingPathComponent("items/7")))
            _ = try await transport.send(OutboundRequest(method: "PUT", url: server.baseURL.appendingPathComponent("items/7"), body: Data("v=1".utf8)))
            let requests = server.requests
            #expect(requests.map(\.method) == ["GET", "DELETE", "PUT"])
            #expect(requests[0].query == "id=42&x=a%20b")
            #expect(requests[2].bodyText == "v=1")
        }
    }

    @Test func serverErrorsAreResponsesNotThrows() async throws {
        try await FakeHTTPServer.run({ _ in .json(#"{"type":"error"}"#, status: 503) }) { server in
            let response = try await transport.send(OutboundRequest(method: "GET", url: server.baseURL))
            #expect(response.status == 503)
        }
    }

    @Test func aSlowServerTimesOut() async throws {
        try await FakeHTTPServer.run({ _ in .json("{}", delay: .seconds(2)) }) { server in
            await #expect(throws: TransportError.timeout) {
                _ = try await transport.send(OutboundRequest(method: "GET", url: server.baseURL, timeout: .milliseconds(300)))
            }
        }
    }

    @Test func refusedConnectionsAndForeignSchemesFailClearly() async throws {
        await #expect {
            _ = try await transport.send(OutboundRequest(method: "GET", url: URL(string: "http://127.0.0.1:1/")!, timeout: .seconds(2)))
        } throws: { error in
            if case .connection = error as? TransportError { return true }
            return false
        }
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(OutboundRequest(method: "GET", url: URL(string: "file:///etc/passwd")!))
        }
    }
}
