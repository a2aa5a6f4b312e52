import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import TestSupport

@testable import Modules
@testable import Catalog

extension CrossTenantProbes {
    /// A's services and package definitions are invisible and unchangeable to B.
    static let services = CrossTenantProbe(
        name: "services",
        fixture: { world, app in
            let service = try await ServiceProbeData.service(world, app, name: "Probe service")
            return ["id": service.id.description]
        },
        routes: [
            .init(.get, "/api/v1/services/{id}"),
            .init(.patch, "/api/v1/services/{id}", json: #"{"name":"Taken Over","active":false}"#),
        ],
        lists: [
            .init(path: "/api/v1/services") { try $0.decoded(ServicePage.self).items.map(\.id) },
            .init(path: "/api/v1/services?filter[category]=Probe") { try $0.decoded(ServicePage.self).items.map(\.id) },
        ],
        intact: { world, app, parameters in
            guard let id = ServiceID(string: parameters["id"] ?? "") else { return false }
            let service = try await ServicesRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return service?.name == "Probe service" && service?.active == true
        })

    static let servicePackages = CrossTenantProbe(
        name: "service packages",
        fixture: { world, app in
            let service = try await ServiceProbeData.service(world, app, name: "Packaged")
            let package = ServicePackage(
                id: .random(), name: "Probe package", items: [.init(serviceId: service.id, count: 3)], price: Money(major: 100),
                validityDays: 30, active: true, createdAt: testNow, updatedAt: testNow)
            try await ServicePackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(package)
            return ["id": package.id.description]
        },
        routes: [
            .init(.get, "/api/v1/service-packages/{id}"),
            .init(.patch, "/api/v1/service-packages/{id}", json: #"{"name":"Taken Over","active":false}"#),
        ],
        lists: [.init(path: "/api/v1/service-packages") { try $0.decoded(ServicePackagePage.self).items.map(\.id) }],
        intact: { world, app, parameters in
            guard let id = ServicePackageID(string: parameters["id"] ?? "") else { return false }
            let package = try await ServicePackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return package?.name == "Probe package" && package?.active == true && package?.items.first?.count == 3
        })
}

/// Rows the probes start from, written straight through the repositories.
enum ServiceProbeData {
    static func service(_ world: StudioWorld, _ app: TestApp, name: String) async throws -> StudioService {
        let service = StudioService(
            id: .random(), category: "Probe", name: name, description: nil, basePrice: Money(major: 10), cost: nil, durationMinutes: 30,
            breakMinutes: 0, onlineBookable: true, depositRule: nil, active: true, upsellServiceIds: [], createdAt: testNow, updatedAt: testNow)
        try await ServicesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(service)
        return service
    }
}

extension CrossTenantProbes {
    /// Packages sold to A's client: B can neither list, sell to, nor read them.
    static let clientPackages = CrossTenantProbe(
        name: "client packages",
        fixture: { world, app in
            let sold = try await ServiceProbeData.clientPackage(world, app)
            return ["id": sold.id.description]
        },
        routes: [.init(.get, "/api/v1/client-packages/{id}")],
        lists: [],
        intact: { world, app, parameters in
            guard let id = ClientPackageID(string: parameters["id"] ?? "") else { return false }
            let sold = try await ClientPackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return sold?.units.first?.remaining == 4
        })

    static let clientPackagesOfAClient = CrossTenantProbe(
        name: "client packages of a client",
        fixture: { world, app in
            let sold = try await ServiceProbeData.clientPackage(world, app)
            return ["id": sold.clientId.description]
        },
        routes: [
            .init(.get, "/api/v1/clients/{id}/packages"),
            .init(.post, "/api/v1/clients/{id}/packages", json: #"{"packageId":"8d1f7a52-3c1e-4d5b-9a57-2f0f3c7e2b11"}"#),
        ],
        lists: [],
        intact: { world, app, parameters in
            guard let id = CustomerID(string: parameters["id"] ?? "") else { return false }
            let page = try await ClientPackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).list(client: id, page: PageRequest())
            return page.items.count == 1
        })
}

extension ServiceProbeData {
    /// A client of A with a package of 4 visits sold to them.
    static func clientPackage(_ world: StudioWorld, _ app: TestApp) async throws -> ClientPackage {
        let clientId = try await CrossTenantProbes.insertClient(world, app, name: "Package Client")
        let service = try await service(world, app, name: "Packaged visit")
        let definition = ServicePackage(
            id: .random(), name: "Four visits", items: [.init(serviceId: service.id, count: 4)], price: Money(major: 40), validityDays: 30,
            active: true, createdAt: testNow, updatedAt: testNow)
        try await ServicePackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(definition)
        let sold = ClientPackage(
            id: .random(), clientId: clientId, packageId: definition.id, name: definition.name, price: definition.price, soldAt: testNow,
            expiresAt: testNow.addingTimeInterval(30 * 86400), soldBy: world.owner.id,
            units: [.init(serviceId: service.id, total: 4, remaining: 4)])
        try await ClientPackagesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(sold)
        return sold
    }
}

extension CrossTenantProbes {
    /// A's client's personal discount: B can neither list, grant, nor revoke it.
    static let clientDiscounts = CrossTenantProbe(
        name: "client discounts",
        fixture: { world, app in
            let clientId = try await CrossTenantProbes.insertClient(world, app, name: "Discount Client")
            let granted = try await world.client.call(
                .post, "/api/v1/clients/\(clientId)/discounts", as: .bearer(world.token), json: #"{"kind":"percent","percent":10}"#)
            struct Created: Decodable { let id: String }
            return ["id": clientId.description, "discountId": try granted.decoded(Created.self).id]
        },
        routes: [
            .init(.get, "/api/v1/clients/{id}/discounts"),
            .init(.post, "/api/v1/clients/{id}/discounts", json: #"{"kind":"percent","percent":90}"#),
            .init(.delete, "/api/v1/clients/{id}/discounts/{discountId}"),
        ],
        lists: [],
        intact: { world, app, parameters in
            struct Listing: Decodable { struct Item: Decodable { let percent: Int?; let active: Bool }; let items: [Item] }
            let listing = try await world.client.call(.get, "/api/v1/clients/\(parameters["id"] ?? "")/discounts", as: .bearer(world.token))
                .decoded(Listing.self)
            return listing.items.count == 1 && listing.items[0].active && listing.items[0].percent == 10
        })

    /// A's client's wallet with money on it: B can read neither its balance nor its entries.
    static let clientWallets = CrossTenantProbe(
        name: "client wallets",
        fixture: { world, app in
            let clientId = try await CrossTenantProbes.insertClient(world, app, name: "Wallet Client")
            try await app.database.sql.raw(
                """
                INSERT INTO client_wallets (tenant_id, client_id, balance_minor, currency, updated_at)
                VALUES (\(bind: world.tenant.id), \(bind: clientId), 50000, 'RUB', \(bind: testNow))
                """
            ).run()
            return ["id": clientId.description]
        },
        routes: [.init(.get, "/api/v1/clients/{id}/wallet"), .init(.get, "/api/v1/clients/{id}/wallet/entries")],
        lists: [],
        intact: { world, app, parameters in
            struct Wallet: Decodable { let balance: String }
            let wallet = try await world.client.call(.get, "/api/v1/clients/\(parameters["id"] ?? "")/wallet", as: .bearer(world.token))
                .decoded(Wallet.self)
            return wallet.balance == "500.00"
        })
}
