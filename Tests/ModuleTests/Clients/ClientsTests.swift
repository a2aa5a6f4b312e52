import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// The client base: CRUD, validation, uniqueness, roles, and the audit of every mutation.
@Suite struct ClientsTests {
    @Test func createReadUpdateArchiveRestoreEachLeaveAnAuditEntryAndAnEvent() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let created = try await client.createClient(
                NewClient(name: "Анна Иванова", phone: "07700 900123", email: "Anna@Mail.test", tags: ["Blonde"], birthday: "1990-04-02"),
                token: world.token)
            let card = try await client.call(.get, "/api/v1/clients/\(created.id)", as: .bearer(world.token)).decoded(ClientBody.self)
            let updated = try await client.call(
                .patch, "/api/v1/clients/\(created.id)", as: .bearer(world.token), json: #"{"loyaltyLevel":"gold","email":null}"#)
            let archived = try await client.call(.post, "/api/v1/clients/\(created.id)/archive", as: .bearer(world.token))
            let editArchived = try await client.call(.patch, "/api/v1/clients/\(created.id)", as: .bearer(world.token), json: #"{"name":"X"}"#)
            let active = try await client.call(.get, "/api/v1/clients", as: .bearer(world.token)).decoded(ClientPage.self)
            let archive = try await client.call(.get, "/api/v1/clients?filter[archived]=true", as: .bearer(world.token)).decoded(ClientPage.self)
            let restored = try await client.call(.post, "/api/v1/clients/\(created.id)/restore", as: .bearer(world.token))
            // then: phone in E.164 from the studio's country (GB), email kept as typed, tags lower-cased
            #expect(card.phone == "+447700900123" && card.email == "Anna@Mail.test" && card.tags == ["blonde"])
            let edited = try updated.decoded(ClientBody.self)
            #expect(edited.loyaltyLevel == "gold" && edited.email == nil && edited.name == "Анна Иванова")
            #expect(try archived.decoded(ClientBody.self).archived)
            #expect(editArchived.errorCode == "client_archived")
            #expect(!active.items.contains { $0.id == created.id } && archive.items.map(\.id) == [created.id])
            #expect(try restored.decoded(ClientBody.self).archived == false)
            let actions = try await auditActions(app.database, world.tenant.id)
            #expect(actions == ["client.created", "client.updated", "client.archived", "client.restored"])
            let events = try await app.database.sql.raw(
                "SELECT type FROM domain_events WHERE tenant_id = \(bind: world.tenant.id) AND entity_id = \(bind: created.id) ORDER BY created_at"
            ).all().map { try $0.decode(column: "type", as: String.self) }
            #expect(events.sorted() == ["client.archived", "client.created", "client.restored", "client.updated"])
        }
    }

    @Test func everyBadFieldIsListedAtOnceAndNothingIsWritten() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            // when
            let response = try await client.call(
                .post, "/api/v1/clients", as: .bearer(world.token),
                json:
                    #"{"phone":"call me","email":"nope","birthday":"2999-01-01","locale":"fr","tags":["vip"],"loyaltyLevel":"diamond","allergies":5}"#
            )
            // then
            #expect(response.status == .badRequest)
            #expect(
                response.errorBody?.fields
                    == [
                        "name": "required", "phone": "invalid", "email": "invalid", "birthday": "out_of_range", "locale": "invalid",
                        "tags": "reserved",
                        "loyaltyLevel": "invalid", "allergies": "invalid_type",
                    ])
            let count = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM clients WHERE tenant_id = \(bind: world.tenant.id)").first()?
                .decode(column: "n", as: Int.self)
            #expect(count == 0)
            #expect(try await auditActions(app.database, world.tenant.id).isEmpty)
        }
    }

    @Test func phoneAndEmailAreUniquePerStudioWhateverTheirSpelling() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let other = try await StudioWorld.studio(client, app)
            let first = try await client.createClient(NewClient(name: "First", phone: "+44 7700 900123", email: "same@mail.test"), token: world.token)
            // when
            let samePhone = try await client.call(
                .post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"Second","phone":"07700-900-123"}"#)
            let sameEmail = try await client.call(
                .post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"Third","email":"SAME@mail.test"}"#)
            let both = try await client.call(
                .post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"Fourth","phone":"0044 7700 900123","email":"same@MAIL.test"}"#)
            let second = try await client.createClient(NewClient(name: "Fifth"), token: world.token)
            let patchToTaken = try await client.call(
                .patch, "/api/v1/clients/\(second.id)", as: .bearer(world.token), json: #"{"phone":"07700900123"}"#)
            let otherStudio = try await client.call(
                .post, "/api/v1/clients", as: .bearer(other.token), json: #"{"name":"Elsewhere","phone":"07700900123"}"#)
            let keepOwn = try await client.call(.patch, "/api/v1/clients/\(first.id)", as: .bearer(world.token), json: #"{"phone":"+447700900123"}"#)
            // then
            #expect(samePhone.status == .conflict && samePhone.errorBody?.fields == ["phone": "taken"])
            #expect(sameEmail.errorBody?.fields == ["email": "taken"])
            #expect(both.errorBody?.fields == ["phone": "taken", "email": "taken"])
            #expect(patchToTaken.errorBody?.fields == ["phone": "taken"])
            #expect(otherStudio.status == .created)
            #expect(keepOwn.status == .ok)
        }
    }

    @Test func russianNumbersAreReadInARussianStudio() async throws {
        try await withTestApp { client, app in
            // given: a studio whose country is Russia
            let world = try await StudioWorld.studio(client, app)
            _ = try await client.call(.put, "/api/v1/settings/locale", as: .bearer(world.token), json: #"{"country":"RU"}"#)
            // when
            let national = try await client.createClient(NewClient(name: "A", phone: "8 (912) 345-67-89"), token: world.token)
            let bare = try await client.createClient(NewClient(name: "B", phone: "9161234567"), token: world.token)
            let uk = try await client.createClient(NewClient(name: "C", phone: "+44 (0)20 7946 0958"), token: world.token)
            let wrong = try await client.call(.post, "/api/v1/clients", as: .bearer(world.token), json: #"{"name":"D","phone":"8 912 345"}"#)
            // then
            #expect(national.phone == "+79123456789")
            #expect(bare.phone == "+79161234567")
            #expect(uk.phone == "+442079460958")
            #expect(wrong.errorBody?.fields == ["phone": "invalid"])
        }
    }

    @Test func specialistsSeeTheirOwnClientsAndReceptionistsSeeMasksInListsOnly() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.studio(client, app)
            let specialist = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .specialist)
            let specialistToken = try await Fixtures.bearer(in: app.database, for: specialist)
            let receptionist = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .receptionist)
            let receptionistToken = try await Fixtures.bearer(in: app.database, for: receptionist)
            let ownersClient = try await client.createClient(
                NewClient(name: "Owner's", phone: "07700900123", email: "anna@mail.test"), token: world.token)
            let specialistsClient = try await client.createClient(NewClient(name: "Mine"), token: specialistToken)
            // when
            let specialistList = try await client.call(.get, "/api/v1/clients", as: .bearer(specialistToken)).decoded(ClientPage.self)
            let specialistCard = try await client.call(.get, "/api/v1/clients/\(ownersClient.id)", as: .bearer(specialistToken))
            let receptionList = try await client.call(.get, "/api/v1/clients", as: .bearer(receptionistToken)).decoded(ClientPage.self)
            let receptionCard = try await client.call(.get, "/api/v1/clients/\(ownersClient.id)", as: .bearer(receptionistToken))
                .decoded(ClientBody.self)
            // then
            #expect(specialistList.items.map(\.id) == [specialistsClient.id])
            #expect(specialistCard.status == .notFound)
            let listed = try #require(receptionList.items.first { $0.id == ownersClient.id })
            #expect(listed.phone != "+447700900123" && listed.phone?.contains("*") == true)
            #expect(listed.email != "anna@mail.test" && listed.email?.contains("*") == true)
            #expect(receptionCard.phone == "+447700900123" && receptionCard.email == "anna@mail.test")
            let reveals = try await app.database.sql.raw(
                "SELECT actor_user_id FROM audit_log WHERE tenant_id = \(bind: world.tenant.id) AND action = 'client.pii_revealed'"
            ).all().map { try $0.decode(column: "actor_user_id", as: UUID.self) }
            #expect(reveals == [receptionist.id.uuid])
        }
    }
}
