import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Plans
import Tenancy
import SQLKit
import TestSupport

/// What a module registers so the harness can prove tenant B never reaches tenant A's rows:
/// a fixture made in A, every route that takes its id, and the lists that must not show it.
/// Add a probe here when a module adds a route with an id; `CrossTenantTests` fails for any
/// tenant route with a path parameter that no probe covers.
struct CrossTenantProbe: Sendable {
    struct Route: Sendable {
        let method: HTTPRequest.Method
        /// With `{name}` placeholders filled from the fixture's parameters.
        let path: String
        let json: String?

        init(_ method: HTTPRequest.Method, _ path: String, json: String? = nil) {
            self.method = method
            self.path = path
            self.json = json
        }
    }

    struct ListRoute: Sendable {
        let path: String
        /// The ids in a list answer.
        let ids: @Sendable (TestResponse) throws -> [String]
    }

    let name: String
    /// Creates the rows in `world` and answers the path parameters (`["id": …]`).
    let fixture: @Sendable (StudioWorld, TestApp) async throws -> [String: String]
    let routes: [Route]
    let lists: [ListRoute]
    /// Reads back, as A, that the fixture is unchanged after B's attempts.
    let intact: @Sendable (StudioWorld, TestApp, [String: String]) async throws -> Bool
}

/// Every module's probes. Later modules append theirs.
enum CrossTenantProbes {
    static let all: [CrossTenantProbe] = [
        users, accessTokens, audit, clients, services, servicePackages, clientPackages, clientPackagesOfAClient, clientDiscounts, clientWallets,
        locations, staff, rooms,
        appointments, calendarFeed, jobs, messages, telegramLinks, invoices, payments, integrations,
        exports, waitlist, waitlistOffers, telegramStaffLinks,
    ]

    static let users = CrossTenantProbe(
        name: "users",
        fixture: { world, app in
            let user = try await Fixtures.user(in: app.database, tenant: world.tenant, role: .receptionist, name: "Alice A")
            return ["id": user.id.description]
        },
        routes: [
            .init(.get, "/api/v1/users/{id}"),
            .init(.patch, "/api/v1/users/{id}", json: #"{"name":"Taken Over"}"#),
            .init(.post, "/api/v1/users/{id}/role", json: #"{"role":"owner"}"#),
            .init(.post, "/api/v1/users/{id}/disable"),
            .init(.post, "/api/v1/users/{id}/enable"),
            .init(.post, "/api/v1/users/{id}/invitation"),
        ],
        lists: [.init(path: "/api/v1/users") { try $0.decoded(StaffPage.self).items.map(\.id) }],
        intact: { world, app, parameters in
            guard let id = UserID(string: parameters["id"] ?? "") else { return false }
            let user = try await UserRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return user?.name == "Alice A" && user?.role == .receptionist && user?.status == .active
        })

    static let accessTokens = CrossTenantProbe(
        name: "access tokens",
        fixture: { world, app in
            let created = try await AccessTokenStore(sql: app.database.sql, tenantId: world.tenant.id, userId: world.owner.id)
                .create(name: "A's token", expiresAt: nil, now: testNow)
            return ["id": created.token.id.uuidString.lowercased()]
        },
        routes: [.init(.delete, "/api/v1/auth/tokens/{id}")],
        lists: [
            .init(path: "/api/v1/auth/tokens") { response in
                struct Body: Decodable { struct Item: Decodable { let id: String }; let items: [Item] }
                return try response.decoded(Body.self).items.map { $0.id.lowercased() }
            }
        ],
        intact: { world, app, parameters in
            let tokens = try await AccessTokenStore(sql: app.database.sql, tenantId: world.tenant.id, userId: world.owner.id).list()
            return tokens.contains { $0.id.uuidString.lowercased() == parameters["id"] && $0.revokedAt == nil }
        })
}

extension CrossTenantProbes {
    /// A's audit trail is never listed to B.
    static let audit = CrossTenantProbe(
        name: "audit trail",
        fixture: { world, app in
            let entityId = UUID().uuidString.lowercased()
            try await app.database.mutate(by: .system(tenantId: world.tenant.id), at: testNow) { _ in
                ((), [MutationRecord(action: "probe.touched", entityType: "probe", entityId: entityId)])
            }
            return ["entityId": entityId]
        },
        routes: [],
        lists: [
            .init(path: "/api/v1/audit") { try $0.decoded(AuditPage.self).items.map(\.entityId) },
            .init(path: "/api/v1/audit?entityType=probe") { try $0.decoded(AuditPage.self).items.map(\.entityId) },
        ],
        intact: { world, app, parameters in
            let rows = try await app.database.sql.raw(
                "SELECT id FROM audit_log WHERE tenant_id = \(bind: world.tenant.id) AND entity_id = \(bind: parameters["entityId"] ?? "")"
            ).all()
            return rows.count == 1
        })
}

extension CrossTenantProbes {
    /// A bare client row of `world`'s tenant, for fixtures that only need something to point at.
    static func insertClient(_ world: StudioWorld, _ app: TestApp, name: String = "Probe Client") async throws -> CustomerID {
        let client = CustomerID.random()
        try await app.database.sql.raw(
            """
            INSERT INTO clients (tenant_id, id, name, name_key, loyalty_level, last_visit_key, created_by, created_at, updated_at)
            VALUES (\(bind: world.tenant.id), \(bind: client), \(bind: name), \(bind: name.lowercased()), 'none',
                    \(bind: Date(timeIntervalSince1970: 0)), \(bind: world.owner.id), \(bind: testNow), \(bind: testNow))
            """
        ).run()
        return client
    }
}

extension String {
    /// The path with `{name}` replaced from `parameters`.
    func filled(_ parameters: [String: String]) -> String {
        parameters.reduce(self) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
