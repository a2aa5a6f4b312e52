import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import CRMServer

@Suite struct AccessTokenTests {
    struct Created: Decodable {
        struct Token: Decodable { let id: String; let name: String; let revoked: Bool }
        let token: Token
        let secret: String
    }
    struct List: Decodable {
        struct Token: Decodable { let id: String; let name: String; let lastUsedAt: String?; let revoked: Bool }
        let items: [Token]
    }

    static func create(_ client: some TestClientProtocol, _ session: BrowserSession, body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/auth/tokens", method: .post, headers: session.unsafeHeaders, body: ByteBuffer(string: body))
    }

    @Test func aTokenIsShownOnceWorksAsBearerAndStopsWhenRevoked() async throws {
        try await withTestApp { client, app in
            // given
            let session = try await AuthFlow.register(client, slug: "token-studio", email: "owner@token.test")
            let response = try await Self.create(client, session, body: #"{"name":"iPhone app"}"#)
            #expect(response.status == .created)
            let created = try JSONDecoder().decode(Created.self, from: response.body)
            #expect(created.secret.hasPrefix("vt_"))
            // when: used as a Bearer token, with no CSRF header needed for unsafe methods
            let bearer: HTTPFields = [.authorization: "Bearer \(created.secret)"]
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .ok)
            // then: listed without its secret, with its last use
            let listed = try await client.execute(uri: "/api/v1/auth/tokens", method: .get, headers: bearer)
            let list = try JSONDecoder().decode(List.self, from: listed.body)
            #expect(list.items.map(\.name) == ["iPhone app"] && list.items[0].lastUsedAt != nil)
            #expect(!String(buffer: listed.body).contains(created.secret))
            let stored = try await app.database.sql.raw("SELECT token_hash FROM access_tokens").all()
            #expect(try stored.map { try $0.decode(column: "token_hash", as: String.self) }.allSatisfy { $0 != created.secret })
            // and revoked, it stops working
            let revoked = try await client.execute(uri: "/api/v1/auth/tokens/\(created.token.id)", method: .delete, headers: bearer)
            #expect(revoked.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .unauthorized)
        }
    }

    @Test func aTokensLastUseIsWrittenAtMostOnceAMinute() async throws {
        try await withTestApp { client, app in
            // given: a token used once
            let session = try await AuthFlow.register(client, slug: "busy-token", email: "owner@busy.test")
            let secret = try JSONDecoder().decode(Created.self, from: try await Self.create(client, session, body: #"{"name":"sync"}"#).body).secret
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            func lastUsed() async throws -> Date? {
                try await app.database.sql.raw("SELECT last_used_at FROM access_tokens").first()?.decode(column: "last_used_at", as: Date?.self)
            }
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .ok)
            let first = try #require(try await lastUsed())
            // when: used again within the minute, then after it
            app.clock.advance(by: 30)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .ok)
            let within = try await lastUsed()
            app.clock.advance(by: 31)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .ok)
            let after = try #require(try await lastUsed())
            // then
            #expect(within == first, "no write within the minute")
            #expect(after.timeIntervalSince(first) >= 60, "written once the minute passed")
        }
    }

    @Test func tokensExpire() async throws {
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "expiring", email: "owner@expiring.test")
            let response = try await Self.create(client, session, body: #"{"name":"ci","expiresAt":"2026-06-02T09:00:00Z"}"#)
            let secret = try JSONDecoder().decode(Created.self, from: response.body).secret
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .ok)
            app.clock.advance(by: 24 * 3600)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: bearer).status == .unauthorized)
        }
    }

    @Test func badInputIsRejectedWithEveryField() async throws {
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "bad-input", email: "owner@bad.test")
            let response = try await Self.create(client, session, body: #"{"name":"  ","expiresAt":"2020-01-01T00:00:00Z"}"#)
            #expect(response.status == .badRequest)
            #expect(try apiDecoder.decode(ErrorBody.self, from: response.body).error.fields == ["name": "required", "expiresAt": "in_the_past"])
            let count = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM access_tokens").first(decoding: [String: Int].self)
            #expect(count?["n"] == 0)
        }
    }

    @Test func anotherTenantCannotSeeOrRevokeTheToken() async throws {
        try await withTestApp { client, _ in
            // given: tenant A's token
            let a = try await AuthFlow.register(client, slug: "tenant-a", email: "a@tenant.test")
            let b = try await AuthFlow.register(client, slug: "tenant-b", email: "b@tenant.test")
            let created = try JSONDecoder().decode(Created.self, from: try await Self.create(client, a, body: #"{"name":"A's token"}"#).body)
            // when: tenant B lists and tries to revoke it
            let listB = try JSONDecoder().decode(List.self, from: try await client.execute(uri: "/api/v1/auth/tokens", method: .get, headers: b.headers).body)
            let revokeB = try await client.execute(uri: "/api/v1/auth/tokens/\(created.token.id)", method: .delete, headers: b.unsafeHeaders)
            let unknown = try await client.execute(uri: "/api/v1/auth/tokens/\(UUID().uuidString)", method: .delete, headers: b.unsafeHeaders)
            // then: invisible, and indistinguishable from a token that does not exist
            #expect(listB.items.isEmpty)
            #expect(revokeB.status == .notFound && unknown.status == .notFound)
            let codes = try [revokeB, unknown].map { try apiDecoder.decode(ErrorBody.self, from: $0.body).error.code }
            #expect(codes == ["not_found", "not_found"])
            let stillWorks = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.authorization: "Bearer \(created.secret)"])
            #expect(stillWorks.status == .ok)
        }
    }
}

@Suite struct SecretResponsesAreNotStoredTests {
    @Test func responsesCarryingSecretsNeverReachTheIdempotencyStore() async throws {
        try await withTestApp { client, app in
            // given: registration (sets the session cookie) and token creation (shows a secret), both with a key
            let register = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, headers: [.idempotencyKey: "reg-1"],
                body: ByteBuffer(string: AuthFlow.registerJSON(slug: "secret-safe", email: "owner@secret.test")))
            #expect(register.status == .created)
            let session = try AuthFlow.session(from: register)
            var headers = session.unsafeHeaders
            headers[.idempotencyKey] = "tok-1"
            let token = try await client.execute(uri: "/api/v1/auth/tokens", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"x"}"#))
            #expect(token.status == .created)
            // then: nothing was stored, so neither the cookie nor the secret sits in plain text in the database
            let stored = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM idempotency_keys").first(decoding: [String: Int].self)
            #expect(stored?["n"] == 0)
            // and a retry with the same key is a fresh request (the slug is now taken), not a replay of the session
            let retry = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, headers: [.idempotencyKey: "reg-1"],
                body: ByteBuffer(string: AuthFlow.registerJSON(slug: "secret-safe", email: "owner@secret.test")))
            #expect(retry.status == .conflict)
            #expect(retry.headers[.setCookie] == nil)
        }
    }
}
