import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// Issue 22, item 4: a session id planted in the browser before sign-in (session fixation) is never
/// adopted — signing in always issues a fresh one — and a signed-in session id stops working at
/// sign-out and after a password reset elsewhere.
@Suite struct SessionFixationTests {
    @Test func signingInIssuesAFreshSessionAndAPlantedOneNeverWorks() async throws {
        try await withTestApp { client, _ in
            // given a studio, and a victim's browser carrying a session id the attacker chose
            _ = try await AuthFlow.register(client, slug: "fixation", email: "owner@fixation.test")
            let planted = "veloria_session=attacker-chosen-0123456789abcdef"
            // when the victim signs in from that browser
            let login = try await client.execute(
                uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json", .cookie: planted],
                body: ByteBuffer(string: #"{"email":"owner@fixation.test","password":"correct horse battery"}"#))
            #expect(login.status == .ok)
            let session = try AuthFlow.session(from: login)
            // then the session is a fresh one, the planted id opens nothing, the fresh one works
            #expect(session.cookie != planted && !session.cookie.contains("attacker-chosen"))
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.cookie: planted]).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .ok)
            // and a second sign-in gets yet another id, each session its own
            let again = try AuthFlow.session(from: try await AuthFlow.login(client, email: "owner@fixation.test"))
            #expect(again.cookie != session.cookie)
        }
    }

    @Test func aPasswordResetEndsEverySessionOfThatUser() async throws {
        try await withTestApp { client, app in
            // given a signed-in session
            let session = try await AuthFlow.register(client, slug: "fixation-reset", email: "owner@fixation-reset.test")
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .ok)
            // when the password is reset by the emailed link
            _ = try await client.call(.post, "/api/v1/auth/password/reset-request", json: #"{"email":"owner@fixation-reset.test"}"#)
            let token = try #require(app.mail.lastToken(to: "owner@fixation-reset.test"))
            let reset = try await client.call(.post, "/api/v1/auth/password/reset", json: #"{"token":"\#(token)","password":"another long secret"}"#)
            #expect(reset.status == .noContent)
            // then the old session (perhaps the thief's) is over
            #expect(try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: session.headers).status == .unauthorized)
        }
    }
}
