import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Modules
import Providers
import Testing
import TestSupport

@testable import CRMServer

@Suite struct IdempotencyTests {
    func withKernelApp(
        _ mode: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol, Database, FixedClock) async throws -> Void
    ) async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            try await createEffectsTable(database)
            let clock = FixedClock(testNow)
            let app = try kernelTestApplication(database: database, clock: clock, config: try testConfig())
            try await app.test(mode) { client in try await body(client, database, clock) }
        }
    }

    static let body = #"{"name":"Anna","price":1500}"#

    @Test func sameKeyAndBodyReplaysTheFirstResponseByteForByte() async throws {
        try await withKernelApp { client, database, _ in
            // given
            let first = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-1"], body: ByteBuffer(string: Self.body))
            #expect(first.status == .created)
            // when
            let second = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-1"], body: ByteBuffer(string: Self.body))
            // then
            #expect(second.status == .created)
            #expect(second.body == first.body)
            #expect(second.headers[.location] == first.headers[.location])
            #expect(second.headers[.idempotentReplayed] == "true")
            #expect(first.headers[.idempotentReplayed] == nil)
            #expect(try await effectCount(database) == 1)
        }
    }

    @Test func sameKeyWithAnotherBodyIs422AndChangesNothing() async throws {
        try await withKernelApp { client, database, _ in
            _ = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-2"], body: ByteBuffer(string: Self.body))
            try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-2"],
                body: ByteBuffer(string: #"{"name":"Boris","price":1500}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.code == "idempotency_key_reused")
            }
            #expect(try await effectCount(database) == 1)
        }
    }

    @Test func theKeyIsPerEndpointAndRequestsWithoutAKeyAreNotDeduplicated() async throws {
        try await withKernelApp { client, database, _ in
            for _ in 0..<2 {
                _ = try await client.execute(uri: "/test/bookings", method: .post, body: ByteBuffer(string: Self.body))
            }
            #expect(try await effectCount(database) == 2)
        }
    }

    @Test func aFailedRequestReleasesItsKey() async throws {
        try await withKernelApp { client, database, _ in
            // given: the first attempt is rejected by validation
            let rejected = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-3"], body: ByteBuffer(string: #"{"name":"A","price":-5}"#))
            #expect(rejected.status == .badRequest)
            // when: the client fixes the body and retries with the same key
            let retried = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-3"], body: ByteBuffer(string: Self.body))
            // then
            #expect(retried.status == .created)
            #expect(try await effectCount(database) == 1)
        }
    }

    @Test func keysExpireAfter24Hours() async throws {
        try await withKernelApp { client, database, clock in
            _ = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-4"], body: ByteBuffer(string: Self.body))
            clock.advance(by: 23 * 3600)
            let replayed = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-4"], body: ByteBuffer(string: Self.body))
            #expect(replayed.headers[.idempotentReplayed] == "true")
            clock.advance(by: 2 * 3600)
            let fresh = try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: "k-4"], body: ByteBuffer(string: Self.body))
            #expect(fresh.headers[.idempotentReplayed] == nil)
            #expect(try await effectCount(database) == 2)
        }
    }

    @Test func invalidKeysAreRejected() async throws {
        try await withKernelApp { client, database, _ in
            try await client.execute(
                uri: "/test/bookings", method: .post, headers: [.idempotencyKey: String(repeating: "x", count: 300)],
                body: ByteBuffer(string: Self.body)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.fields == ["Idempotency-Key": "invalid"])
            }
            #expect(try await effectCount(database) == 0)
        }
    }

    @Test func concurrentDuplicatesOverRealSocketsProduceOneEffect() async throws {
        try await withKernelApp(.live) { client, database, _ in
            // given
            let port = try #require(client.port)
            let transport = CurlHTTPTransport(concurrency: 10)
            let request = OutboundRequest(
                method: "POST", url: URL(string: "http://127.0.0.1:\(port)/test/bookings")!,
                headers: [("Content-Type", "application/json"), ("Idempotency-Key", "k-concurrent")], body: Data(Self.body.utf8))
            // when: ten identical requests race
            let responses = try await withThrowingTaskGroup(of: OutboundResponse.self) { group in
                for _ in 0..<10 { group.addTask { try await transport.send(request) } }
                return try await group.reduce(into: [OutboundResponse]()) { $0.append($1) }
            }
            // then: one effect, and every caller saw the same created resource
            #expect(try await effectCount(database) == 1)
            #expect(responses.allSatisfy { $0.status == 201 })
            #expect(Set(responses.map(\.body)).count == 1)
            #expect(responses.filter { $0.headers["idempotent-replayed"] == nil }.count == 1)
        }
    }
}
