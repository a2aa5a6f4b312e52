import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import Plans
import Tenancy
import Testing
import TestSupport

@testable import CRMServer

/// Every tenant route against every role and plan, read from the routes' own declarations, so
/// a route added later is covered the day it is registered.
@Suite struct PermissionMatrixTests {
    @Test(arguments: Role.allCases)
    func eachRoleReachesExactlyTheRoutesOfItsPermissions(role: Role) async throws {
        try await withTestApp { client, app in
            // given: an imperium studio (no plan gate in the way) and a user with `role`
            let world = try await StudioWorld.studio(client, app)
            let user = role == .owner ? world.owner : try await Fixtures.user(in: app.database, tenant: world.tenant, role: role)
            let token = try await Fixtures.bearer(in: app.database, for: user)
            let guarded = try app.routes().policies.all.filter { $0.policy.permission != nil }
            #expect(!guarded.isEmpty)
            for entry in guarded {
                let permission = try #require(entry.policy.permission)
                // when: an id that exists nowhere and an empty body (the answer past the guard is 400 or 404)
                let path = entry.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                let response = try await client.call(entry.method, path, as: .bearer(token), json: "{}")
                // then
                if role.can(permission) {
                    #expect(response.errorCode != "permission_denied", "\(role) should reach \(entry.method) \(entry.path)")
                } else {
                    #expect(response.status == .forbidden, "\(role) must not reach \(entry.method) \(entry.path)")
                    #expect(response.errorCode == "permission_denied")
                    #expect(response.errorBody?.details?["permission"] == .string(permission.rawValue))
                }
            }
        }
    }

    @Test(arguments: Plan.allCases)
    func eachPlanReachesExactlyTheRoutesOfItsFeatures(plan: Plan) async throws {
        try await withTestApp { client, app in
            // given: the owner (every permission) of a studio on `plan`
            let world = try await StudioWorld.studio(client, app)
            try await Fixtures.setPlan(in: app.database, tenant: world.tenant, plan)
            for entry in try app.routes().policies.all {
                // when
                let path = entry.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                let response = try await client.call(entry.method, path, as: .bearer(world.token), json: "{}")
                // then
                if let feature = entry.policy.feature, !plan.includes(feature) {
                    #expect(response.errorCode == "feature_not_allowed", "\(plan) must not reach \(entry.method) \(entry.path)")
                    #expect(response.errorBody?.details?["feature"] == .string(feature.rawValue))
                } else {
                    #expect(response.errorCode != "feature_not_allowed", "\(plan) should reach \(entry.method) \(entry.path)")
                }
            }
        }
    }
}
