import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Plans
import SQLKit
import Tenancy
import Testing
import TestSupport

/// `/services`: the catalogue's create, read, edit, deactivate; audit and events.
@Suite struct ServicesTests {
    @Test func anOwnerCreatesReadsEditsAndDeactivatesAService() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let created = try await client.call(
                .post, "/api/v1/services", as: .bearer(token),
                json: #"{"category":" Hair ","name":"Haircut","description":"Wash and cut","basePrice":1500,"cost":"300.50","durationMinutes":45}"#)
            // then: defaults filled in, money as strings
            #expect(created.status == .created, "\(created.text)")
            let service = try created.decoded(ServiceBody.self)
            #expect(service.category == "Hair" && service.name == "Haircut" && service.description == "Wash and cut")
            #expect(service.basePrice == "1500.00" && service.cost == "300.50")
            #expect(service.durationMinutes == 45 && service.breakMinutes == 0)
            #expect(service.onlineBookable && service.active && service.depositRule == nil && service.upsellServiceIds.isEmpty)
            #expect(created.text.contains(#""depositRule":null"#))
            let read = try await client.call(.get, "/api/v1/services/\(service.id)", as: .bearer(token))
            #expect(try read.decoded(ServiceBody.self) == service)

            // when: a partial edit
            app.clock.advance(by: 60)
            let edited = try await client.call(
                .patch, "/api/v1/services/\(service.id)", as: .bearer(token),
                json: #"{"basePrice":"1800","breakMinutes":15,"description":null,"depositRule":{"required":true,"kind":"fixed","amount":"500.00"}}"#)
            // then: only those fields change
            #expect(edited.status == .ok, "\(edited.text)")
            let after = try edited.decoded(ServiceBody.self)
            #expect(after.basePrice == "1800.00" && after.breakMinutes == 15 && after.description == nil)
            #expect(after.depositRule == .object(["required": true, "kind": "fixed", "amount": "500.00"]))
            #expect(after.name == "Haircut" && after.cost == "300.50" && after.durationMinutes == 45)
            #expect(after.updatedAt > service.updatedAt && after.createdAt == service.createdAt)

            // when: deactivated, then activated again
            let off = try await client.call(.patch, "/api/v1/services/\(service.id)", as: .bearer(token), json: #"{"active":false}"#)
            #expect(try off.decoded(ServiceBody.self).active == false)
            let on = try await client.call(.patch, "/api/v1/services/\(service.id)", as: .bearer(token), json: #"{"active":true}"#)
            #expect(try on.decoded(ServiceBody.self).active == true)
            // a PATCH that changes nothing writes nothing
            let same = try await client.call(.patch, "/api/v1/services/\(service.id)", as: .bearer(token), json: #"{"name":"Haircut"}"#)
            #expect(same.status == .ok)

            // then: one audit entry and one event per change, in order
            let expected = ["service.created", "service.updated", "service.deactivated", "service.activated"]
            let audits = try await ServiceFixtures.audits(app.database, tenant.id).filter { $0.action.hasPrefix("service.") }
            #expect(audits.map(\.action) == expected)
            #expect(audits.allSatisfy { $0.entityId == service.id })
            let events = try await ServiceFixtures.events(app.database, tenant.id).filter { $0.type.hasPrefix("service.") }
            #expect(events.map(\.type).sorted() == expected.sorted())
            #expect(events.allSatisfy { $0.entityId == service.id })
            // no hard delete
            let delete = try await client.call(.delete, "/api/v1/services/\(service.id)", as: .bearer(token))
            #expect(delete.status == .methodNotAllowed || delete.status == .notFound)
        }
    }

    @Test func everyBadFieldIsReportedAtOnceAndNothingIsWritten() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let unknown = UUID().uuidString
            // when
            let bad = try await client.call(
                .post, "/api/v1/services", as: .bearer(token),
                json: #"""
                    {"category":" ","name":"","basePrice":"-1.00","cost":"1.005","durationMinutes":7,"breakMinutes":-5,
                     "onlineBookable":"yes","active":null,"depositRule":{"required":true,"kind":"percent","percent":150},
                     "upsellServiceIds":["nope","\#(unknown)"]}
                    """#)
            // then
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "validation_error")
            #expect(
                bad.errorBody?.fields == [
                    "category": "required", "name": "required", "basePrice": "negative", "cost": "too_many_decimals",
                    "durationMinutes": "not_multiple_of_5", "breakMinutes": "out_of_range", "onlineBookable": "invalid_type",
                    "active": "required", "depositRule.percent": "out_of_range", "upsellServiceIds.0": "invalid",
                    "upsellServiceIds.1": "not_found",
                ])
            // and: an empty body names what is required
            let empty = try await client.call(.post, "/api/v1/services", as: .bearer(token), json: "{}")
            #expect(empty.errorBody?.fields == ["category": "required", "name": "required", "basePrice": "required", "durationMinutes": "required"])
            let notObject = try await client.call(.post, "/api/v1/services", as: .bearer(token), json: "[1]")
            #expect(notObject.errorBody?.fields == ["body": "invalid_type"])
            let tooLong = try await client.call(
                .post, "/api/v1/services", as: .bearer(token),
                json: #"{"category":"Hair","name":"\#(String(repeating: "x", count: 201))","basePrice":1,"durationMinutes":1000}"#)
            #expect(tooLong.errorBody?.fields == ["name": "too_long", "durationMinutes": "out_of_range"])
            let fraction = try await client.call(
                .post, "/api/v1/services", as: .bearer(token), json: #"{"category":"Hair","name":"X","basePrice":10.5,"durationMinutes":30.5}"#)
            #expect(fraction.errorBody?.fields == ["durationMinutes": "not_an_integer"])
            #expect(try await ServiceFixtures.count("services", app.database, tenant.id) == 0)
            #expect(try await auditActions(app.database, tenant.id).allSatisfy { !$0.hasPrefix("service.") })
        }
    }

    @Test(arguments: [
        (#"{"required":false,"kind":"fixed"}"#, ["depositRule.kind": "not_allowed"]),
        (#"{"required":true}"#, ["depositRule.kind": "required"]),
        (#"{"required":true,"kind":"weird"}"#, ["depositRule.kind": "invalid"]),
        (#"{"required":true,"kind":"fixed"}"#, ["depositRule.amount": "required"]),
        (#"{"required":true,"kind":"fixed","amount":"0"}"#, ["depositRule.amount": "out_of_range"]),
        (#"{"required":true,"kind":"fixed","amount":"2000.01"}"#, ["depositRule.amount": "exceeds_price"]),
        (#"{"required":true,"kind":"fixed","amount":"100","percent":10}"#, ["depositRule.percent": "not_allowed"]),
        (#"{"required":true,"kind":"percent","percent":0}"#, ["depositRule.percent": "out_of_range"]),
        (#"{"required":true,"kind":"percent","percent":12.5}"#, ["depositRule.percent": "not_an_integer"]),
        (#"{"kind":"percent"}"#, ["depositRule.required": "required"]),
        (#""yes""#, ["depositRule": "invalid_type"]),
    ])
    func depositRulesAreValidated(rule: String, problems: [String: String]) async throws {
        try await withTestApp { client, app in
            // given
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let response = try await client.call(
                .post, "/api/v1/services", as: .bearer(token),
                json: #"{"category":"Hair","name":"Colour","basePrice":"2000","durationMinutes":60,"depositRule":\#(rule)}"#)
            // then
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.errorBody?.fields == problems)
        }
    }

    @Test func theThreeDepositRuleShapesRoundTrip() async throws {
        try await withTestApp { client, app in
            // given
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when
            let none = try await ServiceFixtures.create(client, token: token, name: "A", extra: #""depositRule":{"required":false}"#)
            let percent = try await ServiceFixtures.create(
                client, token: token, name: "B", extra: #""depositRule":{"required":true,"kind":"percent","percent":30}"#)
            let cleared = try await client.call(.patch, "/api/v1/services/\(percent.id)", as: .bearer(token), json: #"{"depositRule":null}"#)
            // then
            #expect(none.depositRule == .object(["required": false]))
            #expect(percent.depositRule == .object(["required": true, "kind": "percent", "percent": 30]))
            #expect(try cleared.decoded(ServiceBody.self).depositRule == nil)
        }
    }

    @Test func aBadEditChangesNothing() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let service = try await ServiceFixtures.create(client, token: token, name: "Manicure", price: "900")
            // when: one good field and several bad ones
            let response = try await client.call(
                .patch, "/api/v1/services/\(service.id)", as: .bearer(token),
                json: #"{"name":"Gel manicure","basePrice":"abc","durationMinutes":0,"cost":-1,"upsellServiceIds":"x"}"#)
            // then
            #expect(response.status == .badRequest)
            #expect(
                response.errorBody?.fields == [
                    "basePrice": "invalid_amount", "durationMinutes": "out_of_range", "cost": "negative", "upsellServiceIds": "invalid_type",
                ])
            let read = try await client.call(.get, "/api/v1/services/\(service.id)", as: .bearer(token)).decoded(ServiceBody.self)
            #expect(read == service)
            #expect(try await auditActions(app.database, tenant.id).filter { $0.hasPrefix("service.") } == ["service.created"])
            // and: lowering the price under a fixed deposit is refused
            _ = try await client.call(
                .patch, "/api/v1/services/\(service.id)", as: .bearer(token),
                json: #"{"depositRule":{"required":true,"kind":"fixed","amount":"500"}}"#)
            let cheaper = try await client.call(.patch, "/api/v1/services/\(service.id)", as: .bearer(token), json: #"{"basePrice":"400"}"#)
            #expect(cheaper.errorBody?.fields == ["depositRule.amount": "exceeds_price"])
        }
    }

    @Test func namesAreUniquePerTenantIgnoringCase() async throws {
        try await withTestApp { client, app in
            // given
            let (_, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let haircut = try await ServiceFixtures.create(client, token: token, name: "Haircut")
            let inactive = try await ServiceFixtures.create(client, token: token, name: "Стрижка", extra: #""active":false"#)
            // when / then: the same name in another case or spacing is taken, inactive services included
            for name in ["  HAIRCUT ", "haircut", "СТРИЖКА"] {
                let taken = try await client.call(
                    .post, "/api/v1/services", as: .bearer(token), json: #"{"category":"X","name":"\#(name)","basePrice":1,"durationMinutes":30}"#)
                #expect(taken.status == .conflict, "\(name): \(taken.text)")
                #expect(taken.errorBody?.fields == ["name": "taken"])
            }
            let renamed = try await client.call(.patch, "/api/v1/services/\(inactive.id)", as: .bearer(token), json: #"{"name":"haircut"}"#)
            #expect(renamed.status == .conflict)
            #expect(renamed.errorBody?.fields == ["name": "taken"])
            // a service may change the case of its own name
            let recased = try await client.call(.patch, "/api/v1/services/\(haircut.id)", as: .bearer(token), json: #"{"name":"HairCut"}"#)
            #expect(try recased.decoded(ServiceBody.self).name == "HairCut")
            // another studio may use the name
            let (_, otherOwner) = try await Fixtures.tenant(in: app.database)
            let otherToken = try await Fixtures.bearer(in: app.database, for: otherOwner)
            _ = try await ServiceFixtures.create(client, token: otherToken, name: "Haircut")
        }
    }

    @Test func racingCreatesWithOneNameMakeOneService() async throws {
        try await withTestApp(.live) { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            // when: five requests with the same name at once
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        let name = index.isMultiple(of: 2) ? "Pedicure" : "PEDICURE"
                        return try await client.call(
                            .post, "/api/v1/services", as: .bearer(token),
                            json: #"{"category":"Feet","name":"\#(name)","basePrice":1,"durationMinutes":30}"#
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 4, "\(statuses)")
            #expect(try await ServiceFixtures.count("services", app.database, tenant.id) == 1)
        }
    }

    @Test func everyRoleReadsTheCatalogueButOnlyOwnersAndManagersEditIt() async throws {
        try await withTestApp { client, app in
            // given: an ivory studio (services are in every plan)
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            try await Fixtures.setPlan(in: app.database, tenant: tenant, .ivory)
            let ownerToken = try await Fixtures.bearer(in: app.database, for: owner)
            let service = try await ServiceFixtures.create(client, token: ownerToken, name: "Brows")
            for role in Role.allCases where role != .owner {
                let user = try await Fixtures.user(in: app.database, tenant: tenant, role: role)
                let token = try await Fixtures.bearer(in: app.database, for: user)
                // when
                let list = try await client.call(.get, "/api/v1/services", as: .bearer(token))
                let one = try await client.call(.get, "/api/v1/services/\(service.id)", as: .bearer(token))
                let create = try await client.call(
                    .post, "/api/v1/services", as: .bearer(token),
                    json: #"{"category":"Brows","name":"Brows \#(role.rawValue)","basePrice":1,"durationMinutes":30}"#)
                let edit = try await client.call(.patch, "/api/v1/services/\(service.id)", as: .bearer(token), json: #"{"basePrice":"2"}"#)
                // then
                #expect(try list.decoded(ServicePage.self).items.map(\.id).contains(service.id), "\(role)")
                #expect(one.status == .ok, "\(role)")
                let canWrite = role == .manager
                #expect(create.status == (canWrite ? .created : .forbidden), "\(role): \(create.text)")
                #expect(edit.status == (canWrite ? .ok : .forbidden), "\(role): \(edit.text)")
                if !canWrite { #expect(create.errorBody?.details?["permission"] == "settings.write") }
            }
        }
    }
}
