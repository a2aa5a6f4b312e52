import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

@testable import CRMServer

@Suite struct AuthTests {
    @Test func registrationCreatesTheStudioAndSignsTheOwnerIn() async throws {
        try await withTestApp { client, _ in
            // when
            let response = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, body: ByteBuffer(string: AuthFlow.registerJSON(slug: "lash-lab", email: "Owner@Lash.test")))
            // then
            #expect(response.status == .created)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.hasPrefix("veloria_session=vs_"))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"))
            #expect(response.headers[.cacheControl] == "no-store")
            let body = try JSONDecoder().decode(SessionBody.self, from: response.body)
            #expect(body.tenant.slug == "lash-lab" && body.tenant.plan == "ivory" && body.tenant.timezone == "Europe/Moscow")
            #expect(body.user.role == "owner")

            let session = try AuthFlow.session(from: response)
            let me = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers)
            #expect(me.status == .ok)
            let meBody = try JSONDecoder().decode(MeBody.self, from: me.body)
            #expect(meBody.tenant.slug == "lash-lab")
            #expect(meBody.role == "owner" && meBody.plan == "ivory")
            #expect(meBody.features.contains("clients") && !meBody.features.contains("automation.rules"))
            #expect(meBody.permissions.contains("billing.manage"))
            #expect(meBody.locale == "ru" && meBody.timezone == "Europe/Moscow")
            // A reloaded page reads the CSRF token of its session here.
            #expect(meBody.csrfToken == session.csrfToken)
        }
    }

    @Test func tenantRoutesNeedAnIdentity() async throws {
        try await withTestApp { client, _ in
            let anonymous = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.acceptLanguage: "en"])
            #expect(anonymous.status == .unauthorized)
            let anonymousError = try apiDecoder.decode(ErrorBody.self, from: anonymous.body).error
            #expect(anonymousError.code == "unauthorized" && anonymousError.requestId == anonymous.headers[.xRequestId])
            let forged = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.cookie: "veloria_session=vs_forged"])
            #expect(forged.status == .unauthorized)
            let badBearer = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.authorization: "Bearer vt_nope"])
            #expect(badBearer.status == .unauthorized)
            #expect(try apiDecoder.decode(ErrorBody.self, from: badBearer.body).error.code == "invalid_token")
            // public routes keep working with a refused credential
            let health = try await client.execute(uri: "/api/v1/health", method: .get, headers: [.authorization: "Bearer vt_nope"])
            #expect(health.status == .ok)
        }
    }

    @Test func wrongPasswordsAndUnknownEmailsLookTheSame() async throws {
        try await withTestApp { client, _ in
            _ = try await AuthFlow.register(client, slug: "brow-bar", email: "owner@brow.test")
            let wrong = try await AuthFlow.login(client, email: "owner@brow.test", password: "not the password")
            let unknown = try await AuthFlow.login(client, email: "nobody@brow.test", password: "not the password")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            let codes = try [wrong, unknown].map { try apiDecoder.decode(ErrorBody.self, from: $0.body).error.code }
            #expect(codes == ["invalid_credentials", "invalid_credentials"])
            let good = try await AuthFlow.login(client, email: "OWNER@brow.test")
            #expect(good.status == .ok)
        }
    }

    @Test func failedLoginsAreRateLimitedPerAccountAndRecover() async throws {
        try await withTestApp { client, app in
            // given
            _ = try await AuthFlow.register(client, slug: "nails-now", email: "owner@nails.test")
            for _ in 0..<5 {
                #expect(try await AuthFlow.login(client, email: "owner@nails.test", password: "guess").status == .unauthorized)
            }
            // when: even the right password is refused while the limit holds
            let limited = try await AuthFlow.login(client, email: "owner@nails.test")
            // then
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1...900).contains(retryAfter))
            // and after the window it recovers
            app.clock.advance(by: 15 * 60 + 1)
            #expect(try await AuthFlow.login(client, email: "owner@nails.test").status == .ok)
        }
    }

    @Test func unsafeRequestsWithACookieNeedTheCSRFTokenAndLogoutRevokesTheSession() async throws {
        try await withTestApp { client, _ in
            let session = try await AuthFlow.register(client, slug: "spa-one", email: "owner@spa.test")
            // without the header
            let refused = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: session.headers)
            #expect(refused.status == .forbidden)
            #expect(try apiDecoder.decode(ErrorBody.self, from: refused.body).error.code == "csrf_token_invalid")
            // with it
            let loggedOut = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: session.unsafeHeaders)
            #expect(loggedOut.status == .noContent)
            #expect(loggedOut.headers[.setCookie]?.contains("Max-Age=0") == true)
            // the session is gone
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .unauthorized)
        }
    }

    @Test func disabledUsersCannotSignInAndLoseTheirSessions() async throws {
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "hair-hub", email: "owner@hair.test")
            try await app.database.sql.raw("UPDATE users SET status = 'disabled'").run()
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .unauthorized)
            let login = try await AuthFlow.login(client, email: "owner@hair.test")
            #expect(login.status == .unauthorized)
            #expect(try apiDecoder.decode(ErrorBody.self, from: login.body).error.code == "account_disabled")
        }
    }

    @Test func sessionsExpire() async throws {
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "tan-time", email: "owner@tan.test")
            app.clock.advance(by: 14 * 24 * 3600 + 1)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .unauthorized)
        }
    }

    @Test func eachSessionSeesOnlyItsOwnTenant() async throws {
        try await withTestApp { client, _ in
            let a = try await AuthFlow.register(client, slug: "studio-a", email: "a@studio.test")
            let b = try await AuthFlow.register(client, slug: "studio-b", email: "b@studio.test")
            let meA = try JSONDecoder().decode(MeBody.self, from: try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: a.headers).body)
            let meB = try JSONDecoder().decode(MeBody.self, from: try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: b.headers).body)
            #expect(meA.tenant.slug == "studio-a" && meB.tenant.slug == "studio-b")
            #expect(meA.tenant.id != meB.tenant.id)
        }
    }

    @Test func registrationValidatesEveryFieldAtOnce() async throws {
        try await withTestApp { client, app in
            let response = try await client.execute(
                uri: "/api/v1/auth/register", method: .post,
                body: ByteBuffer(string: #"{"name":"","slug":"X","ownerName":"","ownerEmail":"nope","ownerPassword":"short"}"#))
            #expect(response.status == .badRequest)
            let error = try apiDecoder.decode(ErrorBody.self, from: response.body).error
            #expect(error.fields == ["name": "required", "slug": "invalid", "ownerName": "required", "ownerEmail": "invalid", "ownerPassword": "too_short"])
            let tenants = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM tenants").first(decoding: [String: Int].self)
            #expect(tenants?["n"] == 0)
        }
    }

    @Test func signUpsAreLimitedPerIPAndReopenAfterTheHour() async throws {
        try await withTestApp { client, app in
            // given: twenty sign-ups (valid or not) from one address within the hour
            for index in 0..<20 {
                let slug = index.isMultiple(of: 2) ? "burst-\(index)" : "X"
                _ = try await client.call(.post, "/api/v1/auth/register", json: AuthFlow.registerJSON(slug: slug, email: "o\(index)@burst.test"))
            }
            // when
            let refused = try await client.call(.post, "/api/v1/auth/register", json: AuthFlow.registerJSON(slug: "burst-late", email: "late@burst.test"))
            // then
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            app.clock.advance(by: 3601)
            let later = try await client.call(.post, "/api/v1/auth/register", json: AuthFlow.registerJSON(slug: "burst-late", email: "late@burst.test"))
            #expect(later.status == .created)
        }
    }

    @Test func planListsEveryFeatureWithItsState() async throws {
        struct PlanBody: Decodable {
            struct Feature: Decodable { let key: String; let enabled: Bool; let requiredPlan: String }
            let plan: String
            let features: [Feature]
        }
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "plan-check", email: "owner@plan.test")
            let ivory = try JSONDecoder().decode(PlanBody.self, from: try await client.execute(uri: "/api/v1/plan", method: .get, headers: session.headers).body)
            #expect(ivory.plan == "ivory")
            let twoFactor = try #require(ivory.features.first { $0.key == "security.2fa" })
            #expect(!twoFactor.enabled && twoFactor.requiredPlan == "veloria")
            #expect(ivory.features.count == 53)
            #expect(ivory.features.first { $0.key == "calendar" }?.enabled == true)
            try await app.database.sql.raw("UPDATE tenants SET plan = 'imperium'").run()
            let imperium = try JSONDecoder().decode(PlanBody.self, from: try await client.execute(uri: "/api/v1/plan", method: .get, headers: session.headers).body)
            #expect(imperium.features.allSatisfy { $0.enabled })
        }
    }
}

@Suite struct LoginFailureHousekeepingTests {
    @Test func failuresOlderThanTheWindowAreDeleted() async throws {
        try await withTestApp { client, app in
            _ = try await AuthFlow.register(client, slug: "house-keeping", email: "owner@house.test")
            for _ in 0..<3 { _ = try await AuthFlow.login(client, email: "owner@house.test", password: "wrong") }
            let before = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM login_failures WHERE scope NOT LIKE 'register:%'").first(decoding: [String: Int].self)
            #expect(before?["n"] == 6)  // account and IP scope per failure
            app.clock.advance(by: 16 * 60)
            _ = try await AuthFlow.login(client, email: "owner@house.test")
            let after = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM login_failures WHERE scope NOT LIKE 'register:%'").first(decoding: [String: Int].self)
            #expect(after?["n"] == 0)
        }
    }
}

/// `RATE_LIMIT_SIGNUPS`: studios one IP address may sign up an hour (0: no limit).
@Suite struct SignupLimitTests {
    static func register(_ client: some TestClientProtocol, _ slug: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: AuthFlow.registerJSON(slug: slug, email: "\(slug)@limit.test")))
    }

    @Test func anAddressSignsUpAsManyStudiosAsTheLimitAllowsAnHour() async throws {
        try await withTestApp(config: ["rate.limit.signups": "2"]) { client, app in
            // given two studios signed up from one address
            #expect(try await Self.register(client, "limit-one").status == .created)
            #expect(try await Self.register(client, "limit-two").status == .created)
            // when a third is tried, then it is refused with when to come back, and no studio is made
            let third = try await Self.register(client, "limit-three")
            #expect(third.status == .tooManyRequests && third.headers[.retryAfter] != nil)
            #expect(try await AuthFlow.login(client, email: "limit-three@limit.test").status == .unauthorized)
            // and an hour later it is allowed again
            app.clock.advance(by: 3601)
            #expect(try await Self.register(client, "limit-three").status == .created)
        }
    }

    @Test func zeroTurnsTheLimitOff() async throws {
        try await withTestApp(config: ["rate.limit.signups": "0"]) { client, _ in
            for index in 0..<3 {
                let answer = try await Self.register(client, "open-\(index)")
                #expect(answer.status == .created)
            }
        }
    }
}
