import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

/// `/service-packages`: package definitions.
@Suite struct ServicePackagesTests {
    @Test func anOwnerDefinesEditsAndRetiresAPackage() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let wash = try await ServiceFixtures.create(client, token: token, name: "Wash")
            // when
            let package = try await ServiceFixtures.package(client, token: token, name: "Five cuts", items: [(cut.id, 5), (wash.id, 2)])
            // then
            #expect(package.items == [.init(serviceId: cut.id, count: 5), .init(serviceId: wash.id, count: 2)])
            #expect(package.price == "5000.00" && package.validityDays == 90 && package.active)
            let read = try await client.call(.get, "/api/v1/service-packages/\(package.id)", as: .bearer(token))
            #expect(try read.decoded(ServicePackageBody.self) == package)

            // when: the items are replaced and the price changed
            let edited = try await client.call(
                .patch, "/api/v1/service-packages/\(package.id)", as: .bearer(token),
                json: #"{"items":[{"serviceId":"\#(wash.id)","count":10}],"price":4500.5}"#)
            // then
            let after = try edited.decoded(ServicePackageBody.self)
            #expect(after.items == [.init(serviceId: wash.id, count: 10)])
            #expect(after.price == "4500.50" && after.name == "Five cuts" && after.validityDays == 90)
            #expect(try await ServiceFixtures.count("service_package_items", app.database, tenant.id) == 1)

            // when: retired and brought back
            let off = try await client.call(.patch, "/api/v1/service-packages/\(package.id)", as: .bearer(token), json: #"{"active":false}"#)
            #expect(try off.decoded(ServicePackageBody.self).active == false)
            let listed = try await client.call(.get, "/api/v1/service-packages?filter[active]=true", as: .bearer(token))
            #expect(try listed.decoded(ServicePackagePage.self).items.isEmpty)
            _ = try await client.call(.patch, "/api/v1/service-packages/\(package.id)", as: .bearer(token), json: #"{"active":true}"#)

            // then: an audit entry and an event for each change
            let expected = ["service_package.created", "service_package.updated", "service_package.deactivated", "service_package.activated"]
            let audits = try await ServiceFixtures.audits(app.database, tenant.id).filter { $0.action.hasPrefix("service_package.") }
            #expect(audits.map(\.action) == expected)
            #expect(audits.allSatisfy { $0.entityId == package.id })
            let events = try await ServiceFixtures.events(app.database, tenant.id).filter { $0.type.hasPrefix("service_package.") }
            #expect(events.map(\.type).sorted() == expected.sorted())
            #expect(events.allSatisfy { $0.entityId == package.id })
        }
    }

    @Test func everyBadFieldOfADefinitionIsReportedAtOnce() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let retired = try await ServiceFixtures.create(client, token: token, name: "Retired", extra: #""active":false"#)
            let (_, otherOwner) = try await Fixtures.tenant(in: app.database)
            let foreign = try await ServiceFixtures.create(client, token: try await Fixtures.bearer(in: app.database, for: otherOwner), name: "F")
            // when
            let bad = try await client.call(
                .post, "/api/v1/service-packages", as: .bearer(token),
                json: #"""
                    {"name":"  ","price":"-5","validityDays":3651,"active":"no","items":[
                      {"serviceId":"\#(cut.id)","count":0},
                      {"serviceId":"\#(cut.id)","count":2},
                      {"serviceId":"\#(retired.id)","count":1},
                      {"serviceId":"\#(foreign.id)","count":1},
                      {"serviceId":"not-an-id"},
                      7
                    ]}
                    """#)
            // then
            #expect(bad.status == .badRequest)
            #expect(
                bad.errorBody?.fields == [
                    "name": "required", "price": "negative", "validityDays": "out_of_range", "active": "invalid_type",
                    "items.0.count": "out_of_range", "items.1.serviceId": "duplicate", "items.2.serviceId": "inactive",
                    "items.3.serviceId": "not_found", "items.4.serviceId": "invalid", "items.4.count": "required", "items.5": "invalid_type",
                ])
            let empty = try await client.call(.post, "/api/v1/service-packages", as: .bearer(token), json: #"{"items":[]}"#)
            #expect(empty.errorBody?.fields == ["name": "required", "price": "required", "validityDays": "required", "items": "required"])
            let missing = try await client.call(
                .post, "/api/v1/service-packages", as: .bearer(token), json: #"{"name":"P","price":1,"validityDays":0}"#)
            #expect(missing.errorBody?.fields == ["items": "required", "validityDays": "out_of_range"])
            #expect(try await ServiceFixtures.count("service_packages", app.database, tenant.id) == 0)

            // and: a bad edit changes nothing
            let package = try await ServiceFixtures.package(client, token: token, name: "P", items: [(cut.id, 3)])
            let edit = try await client.call(
                .patch, "/api/v1/service-packages/\(package.id)", as: .bearer(token), json: #"{"items":[],"validityDays":"ten","name":null}"#)
            #expect(edit.errorBody?.fields == ["items": "required", "validityDays": "invalid_type", "name": "required"])
            #expect(
                try await client.call(.get, "/api/v1/service-packages/\(package.id)", as: .bearer(token)).decoded(ServicePackageBody.self) == package)
        }
    }

    @Test func packagesListByNameAndPageAndOnlyManagersEditThem() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            for name in ["c", "A", "b"] {
                _ = try await ServiceFixtures.package(client, token: token, name: name, items: [(cut.id, 1)])
            }
            let receptionist = try await Fixtures.user(in: app.database, tenant: tenant, role: .receptionist)
            let receptionToken = try await Fixtures.bearer(in: app.database, for: receptionist)
            // when
            let first = try await client.call(.get, "/api/v1/service-packages?limit=2", as: .bearer(receptionToken)).decoded(ServicePackagePage.self)
            let second = try await client.call(
                .get, "/api/v1/service-packages?limit=2&cursor=\(first.nextCursor ?? "")", as: .bearer(receptionToken)
            ).decoded(ServicePackagePage.self)
            let create = try await client.call(
                .post, "/api/v1/service-packages", as: .bearer(receptionToken),
                json: #"{"name":"R","items":[{"serviceId":"\#(cut.id)","count":1}],"price":1,"validityDays":10}"#)
            // then
            #expect(first.items.map(\.name) == ["A", "b"])
            #expect(second.items.map(\.name) == ["c"] && second.nextCursor == nil)
            #expect(create.status == .forbidden && create.errorCode == "permission_denied")
        }
    }
}
