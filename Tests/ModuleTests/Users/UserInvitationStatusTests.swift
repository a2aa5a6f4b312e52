import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// Disabling and enabling never turn an invitation into an account: an invitee stays invited,
/// and only owners who can sign in keep a studio from losing its last owner.
@Suite struct UserInvitationStatusTests {
    @Test func enablingADisabledInviteeReturnsThemToInvitedAndTheRealOwnerCannotStepDown() async throws {
        try await withTestApp { client, app in
            // given: an owner and an invited manager who never accepted
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let invited = try await client.call(
                .post, "/api/v1/users", as: .bearer(token), json: #"{"name":"Phantom","email":"phantom@example.test","role":"manager"}"#)
            let id = try invited.decoded(StaffBody.self).id
            #expect(try await client.call(.post, "/api/v1/users/\(id)/enable", as: .bearer(token)).errorCode == "user_not_accepted")
            // when: disabled, then enabled
            let disabled = try await client.call(.post, "/api/v1/users/\(id)/disable", as: .bearer(token))
            #expect(try disabled.decoded(StaffBody.self).status == "disabled")
            let enabled = try await client.call(.post, "/api/v1/users/\(id)/enable", as: .bearer(token))
            // then: invited again, the invitation can be re-sent, and they still cannot sign in
            #expect(enabled.status == .ok, "\(enabled.text)")
            #expect(try enabled.decoded(StaffBody.self).status == "invited")
            let resent = try await client.call(.post, "/api/v1/users/\(id)/invitation", as: .bearer(token))
            #expect(resent.status == .accepted, "\(resent.text)")
            // when: the invitee is made owner and the real owner tries to step down
            let promoted = try await client.call(.post, "/api/v1/users/\(id)/role", as: .bearer(token), json: #"{"role":"owner"}"#)
            #expect(try promoted.decoded(StaffBody.self).role == "owner")
            let demote = try await client.call(.post, "/api/v1/users/\(owner.id)/role", as: .bearer(token), json: #"{"role":"manager"}"#)
            // then: refused, the invited owner cannot sign in
            #expect(demote.status == .conflict)
            #expect(demote.errorCode == "last_owner")
            // when: the invitee accepts, there are two owners who can sign in
            let link = try #require(app.mail.lastToken(to: "phantom@example.test"))
            let accepted = try await client.call(.post, "/api/v1/auth/invitations/accept", json: #"{"token":"\#(link)","password":"a long new password"}"#)
            #expect(accepted.status == .ok, "\(accepted.text)")
            // then: stepping down is allowed now
            let stepDown = try await client.call(.post, "/api/v1/users/\(owner.id)/role", as: .bearer(token), json: #"{"role":"manager"}"#)
            #expect(stepDown.status == .ok, "\(stepDown.text)")
        }
    }

    @Test func anAcceptedUserIsActiveAgainAfterDisableAndEnable() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let staff = try await Fixtures.user(in: app.database, tenant: tenant, role: .receptionist)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            _ = try await client.call(.post, "/api/v1/users/\(staff.id)/disable", as: .bearer(token))
            let enabled = try await client.call(.post, "/api/v1/users/\(staff.id)/enable", as: .bearer(token))
            // then
            #expect(try enabled.decoded(StaffBody.self).status == "active")
        }
    }

    @Test func theRepairMigrationReturnsPhantomAccountsToInvited() async throws {
        try await withTestApp { client, app in
            // given: the state the old bypass left — an invitee made active and owner without accepting
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let invited = try await client.call(
                .post, "/api/v1/users", as: .bearer(token), json: #"{"name":"Phantom","email":"old-phantom@example.test","role":"owner"}"#)
            let id = try #require(UserID(string: try invited.decoded(StaffBody.self).id))
            let other = try await client.call(
                .post, "/api/v1/users", as: .bearer(token), json: #"{"name":"Gone","email":"old-gone@example.test","role":"finance"}"#)
            let otherId = try #require(UserID(string: try other.decoded(StaffBody.self).id))
            try await app.database.sql.raw("UPDATE users SET status = 'active' WHERE tenant_id = \(bind: tenant.id) AND id = \(bind: id)").run()
            try await app.database.sql.raw("UPDATE users SET status = 'disabled' WHERE tenant_id = \(bind: tenant.id) AND id = \(bind: otherId)").run()
            // when
            let repair = try #require(TenancyMigrations.all.first { $0.number == 5 })
            try await app.database.transaction { sql in try await repair.apply(MigrationContext(sql: sql, dialect: app.database.dialect)) }
            // then: the phantom is invited, the real owner and the disabled invitee's way back are right
            let users = UserRepository(sql: app.database.sql, tenantId: tenant.id)
            #expect(try await users.find(id)?.status == .invited)
            #expect(try await users.find(owner.id)?.status == .active)
            #expect(try await users.statusBeforeDisable(otherId) == .invited)
            let demote = try await client.call(.post, "/api/v1/users/\(owner.id)/role", as: .bearer(token), json: #"{"role":"manager"}"#)
            #expect(demote.errorCode == "last_owner")
        }
    }
}
