import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

struct StaffBody: Decodable {
    let id: String
    let name: String
    let email: String
    let phone: String?
    let role: String
    let status: String
}

struct StaffPage: Decodable {
    let items: [StaffBody]
    let nextCursor: String?
}

/// Staff accounts: invitations, roles, disabling, masking, the specialist's object policy.
@Suite struct UsersTests {
    @Test func anOwnerInvitesAndTheInviteeAcceptsAndSignsIn() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let ownerToken = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let invited = try await client.call(
                .post, "/api/v1/users", as: .bearer(ownerToken),
                json: #"{"name":"Anna Master","email":"Anna@Example.test","role":"specialist","phone":"+7 912 345-67-89"}"#)
            // then
            #expect(invited.status == .created, "\(invited.text)")
            let user = try invited.decoded(StaffBody.self)
            #expect(user.status == "invited" && user.role == "specialist")
            let mail = try #require(app.mail.sent.last)
            #expect(mail.to == "Anna@Example.test")
            #expect(mail.subject.contains(tenant.name))
            let token = try #require(app.mail.lastToken(to: "Anna@Example.test"))
            // an invited user cannot sign in yet
            #expect(try await AuthFlow.login(client, email: "anna@example.test").status == .unauthorized)

            // when: accepting with a too-short password changes nothing
            let short = try await client.call(.post, "/api/v1/auth/invitations/accept", json: #"{"token":"\#(token)","password":"short"}"#)
            #expect(short.status == .badRequest)
            #expect(short.errorBody?.fields?["password"] == "too_short")
            let accepted = try await client.call(
                .post, "/api/v1/auth/invitations/accept", json: #"{"token":"\#(token)","password":"a long new password"}"#)
            #expect(accepted.status == .ok, "\(accepted.text)")
            let session = try AuthFlow.session(from: accepted)
            let me = try await client.call(.get, "/api/v1/auth/me", as: .browser(session))
            #expect(try me.decoded(MeBody.self).role == "specialist")
            // the link works once
            let again = try await client.call(
                .post, "/api/v1/auth/invitations/accept", json: #"{"token":"\#(token)","password":"a long new password"}"#)
            #expect(again.errorCode == "invitation_invalid")
            #expect(try await AuthFlow.login(client, email: "anna@example.test", password: "a long new password").status == .ok)
            #expect(try await auditActions(app.database, tenant.id).contains("user.invitation_accepted"))
        }
    }

    @Test func invitationsAreValidatedAndEmailsAreUnique() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let manager = try await Fixtures.user(in: app.database, tenant: tenant, role: .manager)
            let ownerToken = try await Fixtures.bearer(in: app.database, for: owner)
            let managerToken = try await Fixtures.bearer(in: app.database, for: manager)
            // when / then: every bad field at once, nothing written
            let bad = try await client.call(
                .post, "/api/v1/users", as: .bearer(ownerToken), json: #"{"name":" ","email":"nope","role":"finance","phone":"abc"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorBody?.fields == ["name": "required", "email": "invalid", "phone": "invalid"])
            let taken = try await client.call(
                .post, "/api/v1/users", as: .bearer(ownerToken), json: #"{"name":"Dup","email":"\#(manager.email.uppercased())","role":"finance"}"#)
            #expect(taken.status == .conflict)
            #expect(taken.errorBody?.fields?["email"] == "taken")
            // a manager invites staff, but not managers or owners
            let staff = try await client.call(
                .post, "/api/v1/users", as: .bearer(managerToken), json: #"{"name":"Rita","email":"rita@example.test","role":"receptionist"}"#)
            #expect(staff.status == .created)
            let peer = try await client.call(
                .post, "/api/v1/users", as: .bearer(managerToken), json: #"{"name":"Max","email":"max@example.test","role":"manager"}"#)
            #expect(peer.status == .forbidden)
            #expect(peer.errorCode == "role_not_assignable")
            let listed = try await client.call(.get, "/api/v1/users", as: .bearer(ownerToken)).decoded(StaffPage.self)
            #expect(Set(listed.items.map(\.email)) == [owner.email, manager.email, "rita@example.test"])
        }
    }

    @Test func roleChangesAreAuditedAndTheLastOwnerStays() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let staff = try await Fixtures.user(in: app.database, tenant: tenant, role: .receptionist)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let promoted = try await client.call(.post, "/api/v1/users/\(staff.id)/role", as: .bearer(token), json: #"{"role":"manager"}"#)
            // then
            #expect(try promoted.decoded(StaffBody.self).role == "manager")
            let staffToken = try await Fixtures.bearer(in: app.database, for: staff)
            let me = try await client.call(.get, "/api/v1/auth/me", as: .bearer(staffToken)).decoded(MeBody.self)
            #expect(me.role == "manager")
            #expect(try await auditActions(app.database, tenant.id).contains("user.role_changed"))
            // the only owner cannot step down or be disabled
            let demote = try await client.call(.post, "/api/v1/users/\(owner.id)/role", as: .bearer(token), json: #"{"role":"manager"}"#)
            #expect(demote.status == .conflict)
            #expect(demote.errorCode == "last_owner")
            let disableSelf = try await client.call(.post, "/api/v1/users/\(owner.id)/disable", as: .bearer(token))
            #expect(disableSelf.errorCode == "cannot_disable_self")
            let bogusRole = try await client.call(.post, "/api/v1/users/\(staff.id)/role", as: .bearer(token), json: #"{"role":"admin"}"#)
            #expect(bogusRole.status == .badRequest)
        }
    }

    @Test func disablingSignsTheUserOutEverywhere() async throws {
        try await withTestApp { client, app in
            // given: a receptionist with a browser session and an access token
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let staff = try await Fixtures.user(in: app.database, tenant: tenant, role: .receptionist)
            let ownerToken = try await Fixtures.bearer(in: app.database, for: owner)
            let staffToken = try await Fixtures.bearer(in: app.database, for: staff)
            let session = try AuthFlow.session(from: try await AuthFlow.login(client, email: staff.email))
            // when
            let disabled = try await client.call(.post, "/api/v1/users/\(staff.id)/disable", as: .bearer(ownerToken))
            // then
            #expect(try disabled.decoded(StaffBody.self).status == "disabled")
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .bearer(staffToken)).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .browser(session)).status == .unauthorized)
            #expect(try await AuthFlow.login(client, email: staff.email).errorCode == "account_disabled")
            // enabling lets them sign in again, but old credentials stay dead
            let enabled = try await client.call(.post, "/api/v1/users/\(staff.id)/enable", as: .bearer(ownerToken))
            #expect(try enabled.decoded(StaffBody.self).status == "active")
            #expect(try await AuthFlow.login(client, email: staff.email).status == .ok)
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .bearer(staffToken)).status == .unauthorized)
        }
    }

    @Test func receptionistsSeeMasksInListsAndFullDataOnTheCardWhichIsAudited() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, _) = try await Fixtures.tenant(in: app.database)
            let master = try await Fixtures.user(in: app.database, tenant: tenant, role: .specialist, phone: "+79123456767")
            let receptionist = try await Fixtures.user(in: app.database, tenant: tenant, role: .receptionist)
            let readOnly = try await Fixtures.user(in: app.database, tenant: tenant, role: .readOnly)
            let receptionToken = try await Fixtures.bearer(in: app.database, for: receptionist)
            let readOnlyToken = try await Fixtures.bearer(in: app.database, for: readOnly)
            // when
            let list = try await client.call(.get, "/api/v1/users?filter[role]=specialist", as: .bearer(receptionToken)).decoded(StaffPage.self)
            let card = try await client.call(.get, "/api/v1/users/\(master.id)", as: .bearer(receptionToken)).decoded(StaffBody.self)
            let readOnlyCard = try await client.call(.get, "/api/v1/users/\(master.id)", as: .bearer(readOnlyToken)).decoded(StaffBody.self)
            // then
            let listed = try #require(list.items.first)
            #expect(list.items.count == 1)
            #expect(listed.phone == PIIMask.phone("+79123456767"))
            #expect(listed.email == PIIMask.email(master.email))
            #expect(listed.email != master.email)
            #expect(card.phone == "+79123456767" && card.email == master.email)
            #expect(readOnlyCard.phone == PIIMask.phone("+79123456767") && readOnlyCard.email != master.email)
            let reveals = try await app.database.sql.raw(
                "SELECT actor_user_id FROM audit_log WHERE tenant_id = \(bind: tenant.id) AND action = 'user.pii_revealed' AND entity_id = \(bind: master.id.description)"
            ).all()
            #expect(reveals.count == 1)
        }
    }

    @Test func aSpecialistSeesAndEditsOnlyThemselves() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let master = try await Fixtures.user(in: app.database, tenant: tenant, role: .specialist)
            let token = try await Fixtures.bearer(in: app.database, for: master)
            // when
            let list = try await client.call(.get, "/api/v1/users", as: .bearer(token)).decoded(StaffPage.self)
            let other = try await client.call(.get, "/api/v1/users/\(owner.id)", as: .bearer(token))
            let ownEdit = try await client.call(.patch, "/api/v1/users/\(master.id)", as: .bearer(token), json: #"{"name":"New Name","locale":"en"}"#)
            let otherEdit = try await client.call(.patch, "/api/v1/users/\(owner.id)", as: .bearer(token), json: #"{"name":"Hacked"}"#)
            // then
            #expect(list.items.map(\.id) == [master.id.description])
            #expect(other.status == .notFound)
            #expect(try ownEdit.decoded(StaffBody.self).name == "New Name")
            #expect(otherEdit.status == .forbidden)
            #expect(otherEdit.errorCode == "permission_denied")
            let ownerName = try await UserRepository(sql: app.database.sql, tenantId: tenant.id).find(owner.id)?.name
            #expect(ownerName == owner.name)
        }
    }

    @Test func theStaffListIsPaginatedByName() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            for name in ["Boris", "Alla", "Dana", "Carl"] {
                _ = try await Fixtures.user(in: app.database, tenant: tenant, role: .finance, name: name)
            }
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let first = try await client.call(.get, "/api/v1/users?filter[role]=finance&limit=3", as: .bearer(token)).decoded(StaffPage.self)
            let cursor = try #require(first.nextCursor)
            let second = try await client.call(.get, "/api/v1/users?filter[role]=finance&limit=3&cursor=\(cursor)", as: .bearer(token))
                .decoded(StaffPage.self)
            // then
            #expect(first.items.map(\.name) == ["Alla", "Boris", "Carl"])
            #expect(second.items.map(\.name) == ["Dana"])
            #expect(second.nextCursor == nil)
            let badFilter = try await client.call(.get, "/api/v1/users?filter[role]=admin", as: .bearer(token))
            #expect(badFilter.status == .badRequest)
        }
    }
}

/// The audit actions recorded for `tenant`, oldest first.
func auditActions(_ database: Database, _ tenant: TenantID) async throws -> [String] {
    try await database.sql.raw("SELECT action FROM audit_log WHERE tenant_id = \(bind: tenant) ORDER BY created_at")
        .all().map { try $0.decode(column: "action", as: String.self) }
}
