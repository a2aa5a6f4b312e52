import CRMCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Modules
import Testing
import TestSupport

@testable import CRMServer

@Suite struct ErrorShapeTests {
    func withKernelApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            try await createEffectsTable(database)
            let app = try kernelTestApplication(database: database, clock: FixedClock(testNow), config: try testConfig())
            try await app.test(.router, body)
        }
    }

    @Test func unknownRouteIs404InTheErrorShapeWithTheRequestId() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: [.acceptLanguage: "en"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "not_found")
                #expect(body.error.message == "Not found.")
                #expect(body.error.requestId == response.headers[.xRequestId])
                #expect(!body.error.requestId.isEmpty)
            }
        }
    }

    @Test func wrongMethodOnAnExistingPathIs405WithAllow() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/api/v1/health", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "method_not_allowed")
                #expect(body.error.details?["allowed"] == .array(["GET"]))
            }
        }
    }

    @Test func malformedJSONIs400AndBadFieldsAreNamed() async throws {
        try await withKernelApp { client in
            try await client.execute(uri: "/test/bookings", method: .post, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.code == "invalid_json")
            }
            try await client.execute(uri: "/test/bookings", method: .post, body: ByteBuffer(string: #"{"price": "ten"}"#)) { response in
                #expect(response.status == .badRequest)
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "validation_error")
                #expect(body.error.fields?.keys.contains("price") == true || body.error.fields?.keys.contains("name") == true)
            }
            try await client.execute(uri: "/test/bookings", method: .post, body: ByteBuffer(string: #"{"name": "x", "price": -1}"#)) { response in
                #expect(response.status == .badRequest)
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.fields == ["price": "negative"])
            }
        }
    }

    @Test func unknownErrorsAre500RevealingOnlyTheRequestId() async throws {
        try await withKernelApp { client in
            try await client.execute(uri: "/test/crash", method: .get, headers: [.xRequestId: "trace-abc.123"]) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.xRequestId] == "trace-abc.123")
                let text = String(buffer: response.body)
                #expect(!text.contains("hunter2"))
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "internal_error")
                #expect(body.error.requestId == "trace-abc.123")
            }
        }
    }

    @Test func appErrorsKeepTheirCodeAndDetailsAndMessagesFollowAcceptLanguage() async throws {
        try await withKernelApp { client in
            try await client.execute(uri: "/test/conflict", method: .get, headers: [.acceptLanguage: "ru-RU,ru;q=0.9"]) { response in
                #expect(response.status == .conflict)
                let body = try apiDecoder.decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "slot_taken")
                #expect(body.error.details?["startsAt"] == .string("2026-06-01T10:00:00+01:00"))
                #expect(response.headers[.contentLanguage] == "ru")
            }
            try await client.execute(uri: "/nope", method: .get, headers: [.acceptLanguage: "ru"]) { response in
                let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
                #expect(error.message == "Не найдено.")
            }
        }
    }

    @Test func insaneIncomingRequestIdsAreReplaced() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/api/v1/health", method: .get, headers: [.xRequestId: "bad id\u{7F}<script>"]) { response in
                let id = try #require(response.headers[.xRequestId])
                #expect(id != "bad id\u{7F}<script>")
                #expect(UUID(uuidString: id) != nil)
            }
            try await client.execute(uri: "/api/v1/health", method: .get, headers: [.xRequestId: String(repeating: "a", count: 200)]) { response in
                #expect(response.headers[.xRequestId]?.count == 36)
            }
        }
    }
}
