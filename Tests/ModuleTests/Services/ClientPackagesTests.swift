import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

struct ClientPackageBody: Decodable, Sendable, Equatable {
    struct Unit: Decodable, Sendable, Equatable {
        let serviceId: String
        let total: Int
        let remaining: Int
    }
    let id: String
    let clientId: String
    let packageId: String
    let name: String
    let price: String
    let soldAt: Date
    let expiresAt: Date
    let expired: Bool
    let units: [Unit]
}

struct ClientPackagePage: Decodable, Sendable {
    let items: [ClientPackageBody]
    let nextCursor: String?
}

/// Packages sold to clients: the snapshot, the expiry in the studio's day, the client's scope.
@Suite struct ClientPackagesTests {
    @Test func sellingSnapshotsTheDefinitionAndExpiresAtTheEndOfTheLocalDay() async throws {
        try await withTestApp { client, app in
            // given: a studio in Tokyo, a sale at 20:00 UTC (already 05:00 the next day there)
            let (tenant, owner) = try await Fixtures.tenant(in: app.database, timezone: "Asia/Tokyo")
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let anna = try await client.createClient(NewClient(name: "Anna"), token: token)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let wash = try await ServiceFixtures.create(client, token: token, name: "Wash")
            let definition = try await ServiceFixtures.package(
                client, token: token, name: "Ten visits", items: [(cut.id, 5), (wash.id, 3)], price: "9000", validityDays: 30)
            app.clock.set(Date(timeIntervalSince1970: 1_780_344_000))  // 2026-06-01 20:00Z = 06-02 05:00 JST
            // when
            let sold = try await client.call(
                .post, "/api/v1/clients/\(anna.id)/packages", as: .bearer(token), json: #"{"packageId":"\#(definition.id)"}"#)
            // then: the definition is copied, and 30 days after 2 June (local) ends at 3 July 00:00 JST
            #expect(sold.status == .created, "\(sold.text)")
            let package = try sold.decoded(ClientPackageBody.self)
            #expect(package.clientId == anna.id && package.packageId == definition.id)
            #expect(package.name == "Ten visits" && package.price == "9000.00" && !package.expired)
            #expect(package.units == [.init(serviceId: cut.id, total: 5, remaining: 5), .init(serviceId: wash.id, total: 3, remaining: 3)])
            #expect(package.expiresAt == Date(timeIntervalSince1970: 1_783_004_400))  // 2026-07-02T15:00:00Z

            // when: the definition changes afterwards
            _ = try await client.call(
                .patch, "/api/v1/service-packages/\(definition.id)", as: .bearer(token),
                json: #"{"name":"Renamed","price":"1","items":[{"serviceId":"\#(cut.id)","count":1}]}"#)
            // then: the sold package keeps its snapshot
            let read = try await client.call(.get, "/api/v1/client-packages/\(package.id)", as: .bearer(token))
            #expect(try read.decoded(ClientPackageBody.self) == package)
            let listed = try await client.call(.get, "/api/v1/clients/\(anna.id)/packages", as: .bearer(token)).decoded(ClientPackagePage.self)
            #expect(listed.items == [package])
            // and once the expiry passes, it reads as expired
            app.clock.set(Date(timeIntervalSince1970: 1_783_004_400))
            #expect(try await client.call(.get, "/api/v1/client-packages/\(package.id)", as: .bearer(token)).decoded(ClientPackageBody.self).expired)
            // and the sale is audited with its event
            #expect(try await ServiceFixtures.audits(app.database, tenant.id).contains { $0 == ("client_package.sold", package.id) })
            #expect(try await ServiceFixtures.events(app.database, tenant.id).contains { $0 == ("client_package.sold", package.id) })
        }
    }

    @Test func onlyAnActiveDefinitionOfTheStudioIsSoldToAnActiveClient() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let anna = try await client.createClient(NewClient(name: "Anna"), token: token)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let retired = try await ServiceFixtures.package(client, token: token, name: "Old", items: [(cut.id, 2)])
            _ = try await client.call(.patch, "/api/v1/service-packages/\(retired.id)", as: .bearer(token), json: #"{"active":false}"#)
            let current = try await ServiceFixtures.package(client, token: token, name: "New", items: [(cut.id, 2)])
            let (_, otherOwner) = try await Fixtures.tenant(in: app.database)
            let otherToken = try await Fixtures.bearer(in: app.database, for: otherOwner)
            let otherCut = try await ServiceFixtures.create(client, token: otherToken, name: "Cut")
            let foreign = try await ServiceFixtures.package(client, token: otherToken, name: "Foreign", items: [(otherCut.id, 1)])
            func sell(_ clientId: String, _ json: String) async throws -> TestResponse {
                try await client.call(.post, "/api/v1/clients/\(clientId)/packages", as: .bearer(token), json: json)
            }
            // then
            #expect(try await sell(anna.id, "{}").errorBody?.fields == ["packageId": "required"])
            #expect(try await sell(anna.id, #"{"packageId":"nope"}"#).errorBody?.fields == ["packageId": "invalid"])
            #expect(try await sell(anna.id, #"{"packageId":"\#(foreign.id)"}"#).errorBody?.fields == ["packageId": "not_found"])
            #expect(try await sell(anna.id, #"{"packageId":"\#(retired.id)"}"#).errorBody?.fields == ["packageId": "inactive"])
            #expect(try await sell(UUID().uuidString, #"{"packageId":"\#(current.id)"}"#).errorCode == "not_found")
            _ = try await client.call(.post, "/api/v1/clients/\(anna.id)/archive", as: .bearer(token))
            let archived = try await sell(anna.id, #"{"packageId":"\#(current.id)"}"#)
            #expect(archived.status == .conflict && archived.errorCode == "client_archived")
            #expect(try await ServiceFixtures.count("client_packages", app.database, tenant.id) == 0)
        }
    }

    @Test func aSpecialistReachesOnlyTheirOwnClientsPackagesAndFinanceOnlyReads() async throws {
        try await withTestApp { client, app in
            // given: a client of the owner's, one of the specialist's, a package sold to the first
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let token = try await Fixtures.bearer(in: app.database, for: owner)
            let specialist = try await Fixtures.user(in: app.database, tenant: tenant, role: .specialist)
            let specialistToken = try await Fixtures.bearer(in: app.database, for: specialist)
            let finance = try await Fixtures.bearer(in: app.database, for: try await Fixtures.user(in: app.database, tenant: tenant, role: .finance))
            let ownersClient = try await client.createClient(NewClient(name: "Owner's"), token: token)
            let specialistsClient = try await client.createClient(NewClient(name: "Specialist's"), token: specialistToken)
            let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
            let definition = try await ServiceFixtures.package(client, token: token, name: "P", items: [(cut.id, 2)])
            let body = #"{"packageId":"\#(definition.id)"}"#
            let sold = try await client.call(.post, "/api/v1/clients/\(ownersClient.id)/packages", as: .bearer(token), json: body)
                .decoded(ClientPackageBody.self)
            // when / then: the owner's client is invisible to the specialist
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/clients/\(ownersClient.id)/packages"), (.post, "/api/v1/clients/\(ownersClient.id)/packages"),
                (.get, "/api/v1/client-packages/\(sold.id)"),
            ] {
                let response = try await client.call(method, path, as: .bearer(specialistToken), json: method == .post ? body : nil)
                #expect(response.status == .notFound, "\(method) \(path): \(response.text)")
            }
            // their own client they can sell to and read
            let own = try await client.call(.post, "/api/v1/clients/\(specialistsClient.id)/packages", as: .bearer(specialistToken), json: body)
            #expect(own.status == .created, "\(own.text)")
            let ownList = try await client.call(.get, "/api/v1/clients/\(specialistsClient.id)/packages", as: .bearer(specialistToken))
            #expect(try ownList.decoded(ClientPackagePage.self).items.count == 1)
            // finance reads every client's packages but cannot sell
            #expect(try await client.call(.get, "/api/v1/client-packages/\(sold.id)", as: .bearer(finance)).status == .ok)
            let financeSale = try await client.call(.post, "/api/v1/clients/\(ownersClient.id)/packages", as: .bearer(finance), json: body)
            #expect(financeSale.status == .forbidden && financeSale.errorBody?.details?["permission"] == "clients.write")
        }
    }
}
