import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import Testing
import TestSupport

/// A new owner confirms their address with the emailed link; invitees confirm by accepting.
@Suite struct EmailVerificationTests {
    struct Me: Decodable {
        struct TenantRef: Decodable { let id: String }
        let emailVerified: Bool
        let tenant: TenantRef
    }

    static func me(_ client: some TestClientProtocol, _ session: BrowserSession) async throws -> Me {
        try await client.call(.get, "/api/v1/auth/me", as: .browser(session)).decoded(Me.self)
    }

    @Test func theOwnerConfirmsTheirAddressOnceWithTheEmailedLink() async throws {
        try await withTestApp { client, app in
            // given: a new studio; its owner was mailed a confirmation link
            let session = try await AuthFlow.register(client, slug: "verify-studio", email: "owner@verify.test")
            let mail = try #require(app.mail.sent.first { $0.to == "owner@verify.test" })
            #expect(mail.text.contains("/app/#/verify-email?token=ve_"), "the link opens the web app")
            let token = try #require(app.mail.lastToken(to: "owner@verify.test"))
            #expect(try await Self.me(client, session).emailVerified == false)
            // when
            let wrong = try await client.call(.post, "/api/v1/auth/email/verify", json: #"{"token":"ve_not-a-real-token"}"#)
            let verified = try await client.call(.post, "/api/v1/auth/email/verify", json: #"{"token":"\#(token)"}"#)
            let reused = try await client.call(.post, "/api/v1/auth/email/verify", json: #"{"token":"\#(token)"}"#)
            // then
            #expect(wrong.errorCode == "verification_token_invalid")
            #expect(verified.status == .noContent)
            #expect(reused.errorCode == "verification_token_invalid")
            #expect(try await Self.me(client, session).emailVerified)
            let resend = try await client.call(.post, "/api/v1/auth/email/verification", as: .browser(session))
            #expect(resend.status == .conflict && resend.errorCode == "email_already_verified")
            let tenantId = try #require(TenantID(string: try await Self.me(client, session).tenant.id))
            #expect(try await auditCount(app.database, tenantId, action: "user.email_verified") == 1)
        }
    }

    @Test func aNewLinkReplacesTheOldAndLinksExpireAfterAWeek() async throws {
        try await withTestApp { client, app in
            // given
            let session = try await AuthFlow.register(client, slug: "relink-studio", email: "owner@relink.test")
            let first = try #require(app.mail.lastToken(to: "owner@relink.test"))
            // when: a new link is asked for
            let resend = try await client.call(.post, "/api/v1/auth/email/verification", as: .browser(session))
            #expect(resend.status == .accepted)
            let second = try #require(app.mail.lastToken(to: "owner@relink.test"))
            #expect(first != second)
            // then: the first no longer works, and the second dies after 7 days
            #expect(try await client.call(.post, "/api/v1/auth/email/verify", json: #"{"token":"\#(first)"}"#).errorCode == "verification_token_invalid")
            app.clock.advance(by: 7 * 86_400 + 1)
            #expect(try await client.call(.post, "/api/v1/auth/email/verify", json: #"{"token":"\#(second)"}"#).errorCode == "verification_token_invalid")
            #expect(try await Self.me(client, session).emailVerified == false)
        }
    }

    @Test func newLinksAreLimitedPerAccount() async throws {
        try await withTestApp { client, app in
            let session = try await AuthFlow.register(client, slug: "flood-verify", email: "owner@flood-verify.test")
            var statuses: [UInt16] = []
            for _ in 0..<4 {
                statuses.append(UInt16(try await client.call(.post, "/api/v1/auth/email/verification", as: .browser(session)).status.code))
            }
            #expect(statuses == [202, 202, 202, 429])
            #expect(app.mail.sent.filter { $0.to == "owner@flood-verify.test" }.count == 4, "the sign-up link and three more")
        }
    }

    @Test func acceptingAnInvitationConfirmsTheAddress() async throws {
        try await withTestApp { client, app in
            // given: an invited manager
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let invited = try await client.call(
                .post, "/api/v1/users", as: .bearer(token), json: #"{"name":"Vera","email":"vera@invited.test","role":"manager"}"#)
            #expect(invited.status == .created)
            let link = try #require(app.mail.lastToken(to: "vera@invited.test"))
            // when
            let accepted = try await client.call(
                .post, "/api/v1/auth/invitations/accept", json: #"{"token":"\#(link)","password":"a long new password"}"#)
            #expect(accepted.status == .ok)
            // then
            let session = try AuthFlow.session(from: try await AuthFlow.login(client, email: "vera@invited.test", password: "a long new password"))
            #expect(try await Self.me(client, session).emailVerified)
        }
    }
}
