import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

/// `ClientPackagesRepository.consumeUnit`, which the appointments of issue 5 will call.
@Suite struct ClientPackageConsumptionTests {
    /// A studio with a client who bought a package of `count` cuts (30 days).
    struct Sale {
        let tenant: Tenant
        let package: ClientPackageID
        let cut: ServiceID
        let other: ServiceID
    }

    static func sale(_ client: any TestClientProtocol, _ app: TestApp, count: Int) async throws -> Sale {
        let (tenant, owner) = try await Fixtures.tenant(in: app.database)
        let token = try await Fixtures.bearer(in: app.database, for: owner)
        let anna = try await client.createClient(NewClient(name: "Anna"), token: token)
        let cut = try await ServiceFixtures.create(client, token: token, name: "Cut")
        let other = try await ServiceFixtures.create(client, token: token, name: "Other")
        let definition = try await ServiceFixtures.package(client, token: token, name: "Cuts", items: [(cut.id, count)], validityDays: 30)
        let sold = try await client.call(
            .post, "/api/v1/clients/\(anna.id)/packages", as: .bearer(token), json: #"{"packageId":"\#(definition.id)"}"#)
        let body = try sold.decoded(ClientPackageBody.self)
        return Sale(
            tenant: tenant, package: try #require(ClientPackageID(string: body.id)), cut: try #require(ServiceID(string: cut.id)),
            other: try #require(ServiceID(string: other.id)))
    }

    /// Uses one visit the way a booking will: inside its own mutation, with the consumption record.
    static func consume(_ app: TestApp, _ sale: Sale, service: ServiceID? = nil, tenant: TenantID? = nil) async throws -> Int {
        let tenantId = tenant ?? sale.tenant.id
        let repository = ClientPackagesRepository(sql: app.database.sql, tenantId: tenantId)
        let now = app.clock.now()
        return try await app.database.mutate(by: .system(tenantId: tenantId), at: now) { sql in
            let remaining = try await repository.consumeUnit(sale.package, serviceId: service ?? sale.cut, at: now, on: sql)
            return (remaining, [ClientPackage.consumptionRecord(sale.package, serviceId: service ?? sale.cut, remaining: remaining)])
        }
    }

    @Test func visitsAreUsedOneAtATimeUntilNoneIsLeft() async throws {
        try await withTestApp { client, app in
            // given
            let sale = try await Self.sale(client, app, count: 2)
            // when
            let first = try await Self.consume(app, sale)
            let second = try await Self.consume(app, sale)
            // then
            #expect(first == 1 && second == 0)
            await #expect(throws: AppError.conflict("package_exhausted")) { _ = try await Self.consume(app, sale) }
            await #expect(throws: AppError.conflict("package_service_not_included")) { _ = try await Self.consume(app, sale, service: sale.other) }
            let remaining = try await ClientPackagesRepository(sql: app.database.sql, tenantId: sale.tenant.id).find(sale.package)?.units.first?
                .remaining
            #expect(remaining == 0)
            // and each use is audited with its event; refusals write nothing
            let audits = try await ServiceFixtures.audits(app.database, sale.tenant.id).filter { $0.action == "client_package.unit_consumed" }
            let events = try await ServiceFixtures.events(app.database, sale.tenant.id).filter { $0.type == "client_package.unit_consumed" }
            #expect(audits.count == 2 && audits.allSatisfy { $0.entityId == sale.package.description })
            #expect(events.count == 2 && events.allSatisfy { $0.entityId == sale.package.description })
        }
    }

    @Test func anExpiredPackageOrAnotherStudiosIsRefused() async throws {
        try await withTestApp { client, app in
            // given: a package sold on 1 June (London) for 30 days: usable until the end of 1 July
            let sale = try await Self.sale(client, app, count: 5)
            let (stranger, _) = try await Fixtures.tenant(in: app.database)
            // when / then: another studio cannot even find it
            await #expect(throws: AppError.notFound()) { _ = try await Self.consume(app, sale, tenant: stranger.id) }
            // the last minute of 1 July BST still counts
            app.clock.set(Date(timeIntervalSince1970: 1_782_946_740))  // 2026-07-01T22:59:00Z = 23:59 BST
            #expect(try await Self.consume(app, sale) == 4)
            // from 2 July it is expired, with visits left
            app.clock.set(Date(timeIntervalSince1970: 1_782_946_800))  // 2026-07-01T23:00:00Z = 2 July 00:00 BST
            await #expect(throws: AppError.conflict("package_expired")) { _ = try await Self.consume(app, sale) }
            let package = try await ClientPackagesRepository(sql: app.database.sql, tenantId: sale.tenant.id).find(sale.package)
            #expect(package?.units.first?.remaining == 4)
        }
    }

    @Test func racingBookingsNeverUseMoreVisitsThanThePackageHolds() async throws {
        try await withTestApp { client, app in
            // given
            let sale = try await Self.sale(client, app, count: 3)
            // when: six uses at once
            let results = await withTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            return "ok \(try await Self.consume(app, sale))"
                        } catch let error as AppError {
                            return error.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            // then: exactly three succeed
            #expect(results.filter { $0.hasPrefix("ok") }.sorted() == ["ok 0", "ok 1", "ok 2"], "\(results)")
            #expect(results.filter { $0 == "package_exhausted" }.count == 3, "\(results)")
        }
    }
}
