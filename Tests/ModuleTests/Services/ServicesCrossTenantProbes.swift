import CRMCore
import Foundation
import HummingbirdTesting
import Tenancy
import TestSupport

@testable import Modules

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
    static func service(_ world: TenantWorld, _ app: TestApp, name: String) async throws -> StudioService {
        let service = StudioService(
            id: .random(), category: "Probe", name: name, description: nil, basePrice: Money(major: 10), cost: nil, durationMinutes: 30,
            breakMinutes: 0, onlineBookable: true, depositRule: nil, active: true, upsellServiceIds: [], createdAt: testNow, updatedAt: testNow)
        try await ServicesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(service)
        return service
    }
}
