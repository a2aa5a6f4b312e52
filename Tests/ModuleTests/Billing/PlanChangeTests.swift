import CRMCore
import Foundation
import HummingbirdTesting
import Plans
import SQLKit
import Tenancy
import Testing
import TestSupport

/// `POST /billing/plan`: owner only, audited, effective on the next request.
@Suite struct PlanChangeTests {
    struct PlanBody: Decodable {
        struct FeatureBody: Decodable { let key: String; let enabled: Bool }
        let plan: String
        let features: [FeatureBody]
    }

    @Test func theOwnerChangesThePlanAndTheTrailRecordsIt() async throws {
        try await withTestApp { client, app in
            // given
            let (tenant, owner) = try await Fixtures.tenant(in: app.database)
            let manager = try await Fixtures.user(in: app.database, tenant: tenant, role: .manager)
            let ownerToken = try await Fixtures.bearer(in: app.database, for: owner)
            let managerToken = try await Fixtures.bearer(in: app.database, for: manager)
            // when
            let refused = try await client.call(.post, "/api/v1/billing/plan", as: .bearer(managerToken), json: #"{"plan":"imperium"}"#)
            let changed = try await client.call(.post, "/api/v1/billing/plan", as: .bearer(ownerToken), json: #"{"plan":"imperium"}"#)
            let unknown = try await client.call(.post, "/api/v1/billing/plan", as: .bearer(ownerToken), json: #"{"plan":"platinum"}"#)
            // then
            #expect(refused.status == .forbidden)
            #expect(refused.errorBody?.details?["permission"] == .string("billing.manage"))
            let body = try changed.decoded(PlanBody.self)
            #expect(body.plan == "imperium" && body.features.allSatisfy(\.enabled))
            #expect(unknown.status == .badRequest)
            let plan = try await client.call(.get, "/api/v1/plan", as: .bearer(managerToken)).decoded(PlanBody.self).plan
            #expect(plan == "imperium")
            let row = try #require(
                try await app.database.sql.raw(
                    "SELECT actor_user_id, before_state, after_state FROM audit_log WHERE tenant_id = \(bind: tenant.id) AND action = 'tenant.plan_changed'"
                ).first())
            #expect(try row.decode(column: "actor_user_id", as: UserID.self) == owner.id)
            #expect(try row.decode(column: "before_state", as: String.self) == #"{"plan":"ivory"}"#)
            #expect(try row.decode(column: "after_state", as: String.self) == #"{"plan":"imperium"}"#)
        }
    }
}
