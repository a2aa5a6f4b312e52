import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

/// The deployment's operator suspends, resumes and closes a studio; nothing is deleted.
@Suite struct TenantLifecycleTests {
    @Test func aSuspendedStudioIsRefusedEverywhereUntilResumedAndAClosedOneStaysClosed() async throws {
        try await withPayments { client, app, _, _ in
            // given: a studio with a client and an invoice whose pay link works
            let world = try await StudioWorld.payment(client, app)
            let payment = try await world.pay(client).decoded(PaymentBody.self)
            let payPath = try #require(payment.payPath)
            #expect(try await client.call(.get, payPath).status != .forbidden)
            let lifecycle = TenantLifecycle(database: app.database)
            // when: suspended
            let suspended = try await lifecycle.apply(.suspend, slug: world.slug, reason: "unpaid bill", now: app.clock.now())
            #expect(suspended.status == .suspended)
            // then: every route refuses, sign-in too, and the pay link says the studio is unavailable
            let list = try await client.call(.get, "/api/v1/clients", as: .bearer(world.token))
            #expect(list.status == .forbidden && list.errorCode == "tenant_suspended")
            #expect(try await client.call(.get, "/api/v1/auth/me", as: .bearer(world.token)).errorCode == "tenant_suspended")
            let signIn = try await client.call(.post, "/api/v1/auth/login", json: #"{"email":"\#(world.owner.email)","password":"\#(Fixtures.password)"}"#)
            #expect(signIn.errorCode == "tenant_suspended")
            #expect(try await client.call(.get, payPath).errorCode == "tenant_suspended")
            // another studio is untouched
            let other = try await StudioWorld.studio(client, app)
            #expect(try await client.call(.get, "/api/v1/clients", as: .bearer(other.token)).status == .ok)
            // when: resumed, everything works again and nothing was lost
            _ = try await lifecycle.apply(.resume, slug: world.slug, reason: nil, now: app.clock.now())
            let clients = try await client.call(.get, "/api/v1/clients", as: .bearer(world.token))
            #expect(clients.status == .ok)
            #expect(clients.text.contains(world.clientId))
            // when: closed, it answers closed and cannot be resumed
            _ = try await lifecycle.apply(.close, slug: world.slug, reason: "the owner asked", now: app.clock.now())
            #expect(try await client.call(.get, "/api/v1/clients", as: .bearer(world.token)).errorCode == "tenant_closed")
            await #expect(throws: AppError.self) { _ = try await lifecycle.apply(.resume, slug: world.slug, reason: nil, now: app.clock.now()) }
            let kept = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM clients WHERE tenant_id = \(bind: world.tenantId)").first()
            #expect(try kept?.decode(column: "n", as: Int.self) == 1)
            let trail = try await app.database.sql.raw(
                "SELECT action FROM audit_log WHERE tenant_id = \(bind: world.tenantId) AND entity_type = 'tenant' ORDER BY created_at, action"
            ).all().map { try $0.decode(column: "action", as: String.self) }
            #expect(Set(trail) == ["tenant.suspended", "tenant.resumed", "tenant.closed"])
        }
    }
}
