import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// Password reset by emailed one-time token, and password change.
@Suite struct PasswordTests {
    @Test func aResetLinkWorksOnceAndSignsOutEverySession() async throws {
        try await withTestApp { client, app in
            // given: an owner signed in on a browser
            let session = try await AuthFlow.register(client, slug: "reset-studio", email: "owner@reset.test")
            // when: a reset is requested for the account and for an unknown address
            let known = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"OWNER@reset.test"}"#)
            let unknown = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"nobody@reset.test"}"#)
            // then: the same answer, one reset email (besides the sign-up's address confirmation)
            #expect(known.status == .accepted && unknown.status == .accepted)
            let resets = app.mail.sent.filter { $0.text.contains("/#/reset-password?token=") }
            #expect(resets.map(\.to) == ["owner@reset.test"])
            let token = try #require(app.mail.lastToken(to: "owner@reset.test"))
            #expect(resets.first?.text.contains("60") == true)

            // a weak password is refused and does not burn the token
            let weak = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(token)","password":"short"}"#)
            #expect(weak.errorBody?.fields?["password"] == "too_short")
            let reset = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(token)","password":"brand new secret"}"#)
            #expect(reset.status == .noContent)
            let reused = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(token)","password":"another secret!"}"#)
            #expect(reused.status == .badRequest)
            #expect(reused.errorCode == "reset_token_invalid")

            #expect(try await client.call(.get, "/api/v1/auth/me", as: .browser(session)).status == .unauthorized)
            #expect(try await AuthFlow.login(client, email: "owner@reset.test").status == .unauthorized)
            #expect(try await AuthFlow.login(client, email: "owner@reset.test", password: "brand new secret").status == .ok)
        }
    }

    @Test func aResetLinkExpiresAfterAnHourAndANewOneReplacesTheOld() async throws {
        try await withTestApp { client, app in
            // given
            _ = try await AuthFlow.register(client, slug: "expiry-studio", email: "owner@expiry.test")
            _ = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@expiry.test"}"#)
            let first = try #require(app.mail.lastToken(to: "owner@expiry.test"))
            _ = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@expiry.test"}"#)
            let second = try #require(app.mail.lastToken(to: "owner@expiry.test"))
            // when / then: the first link died when the second was sent
            let old = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(first)","password":"brand new secret"}"#)
            #expect(old.errorCode == "reset_token_invalid")
            // an hour later the second is dead too
            app.clock.advance(by: 3601)
            let late = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(second)","password":"brand new secret"}"#)
            #expect(late.errorCode == "reset_token_invalid")
            #expect(try await AuthFlow.login(client, email: "owner@expiry.test").status == .ok)
        }
    }

    @Test func resetRequestsAreRateLimitedPerAccount() async throws {
        try await withTestApp { client, app in
            // given
            _ = try await AuthFlow.register(client, slug: "flood-studio", email: "owner@flood.test")
            // when
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(
                    Int(try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@flood.test"}"#).status.code))
            }
            // then
            #expect(statuses == [202, 202, 202, 429])
            #expect(app.mail.sent.filter { $0.text.contains("/#/reset-password?token=") }.count == 3)
            let invalid = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"not an email"}"#)
            #expect(invalid.errorBody?.fields?["email"] == "invalid")
        }
    }

    @Test func changingThePasswordKeepsThisSessionAndEndsTheOthers() async throws {
        try await withTestApp { client, app in
            // given: two browsers of the same owner
            let here = try await AuthFlow.register(client, slug: "change-studio", email: "owner@change.test")
            let elsewhere = try AuthFlow.session(from: try await AuthFlow.login(client, email: "owner@change.test"))
            // when: the current password is wrong
            let wrong = try await client.call(
                .post, "/api/v1/auth/password/change", as: .browser(here), json: #"{"currentPassword":"guess","newPassword":"brand new secret"}"#)
            // then
            #expect(wrong.errorBody?.fields?["currentPassword"] == "incorrect")
            // when: it is right
            let changed = try await client.call(
                .post, "/api/v1/auth/password/change", as: .browser(here),
                json: #"{"currentPassword":"correct horse battery","newPassword":"brand new secret"}"#)
            // then
            #expect(changed.status == .noContent)
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .browser(here)).status == .ok)
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .browser(elsewhere)).status == .unauthorized)
            #expect(try await AuthFlow.login(client, email: "owner@change.test", password: "brand new secret").status == .ok)
            let tenant = try #require(
                try await TenantProvisioning(database: app.database, defaults: .init(timezone: "UTC", locale: .ru, currency: "RUB")).tenant(
                    slug: "change-studio"))
            #expect(try await auditActions(app.database, tenant.id) == ["user.password_changed"])
        }
    }
}
