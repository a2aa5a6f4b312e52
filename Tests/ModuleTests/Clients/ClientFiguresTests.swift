import CRMCore
import Foundation
import HummingbirdTesting
import Modules
import SQLKit
import Tenancy
import Testing
import TestSupport

/// The client figures are kept by the records that change them: visits, last visit, no-shows and
/// late cancellations by the appointments, spend by the payments; the rebuild agrees with them.
@Suite struct ClientFiguresTests {
    struct Figures: Decodable, Equatable {
        let visitsCount: Int
        let totalSpent: String
        let lastVisitAt: String?
        let noShowCount: Int
        let lateCancelCount: Int
    }

    static func figures(_ client: some TestClientProtocol, _ world: StudioWorld) async throws -> Figures {
        try await client.call(.get, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token)).decoded(Figures.self)
    }

    static func move(_ client: some TestClientProtocol, _ world: StudioWorld, _ id: String, _ routes: [String]) async throws {
        for route in routes {
            let response = try await client.call(.post, "/api/v1/appointments/\(id)/\(route)", as: .bearer(world.token))
            guard response.status == .ok else { throw SchedulingTestFailure("\(route): \(response.status.code) \(response.text)") }
        }
    }

    @Test func visitsNoShowsAndLateCancellationsFollowTheAppointments() async throws {
        try await withTestApp { client, app in
            // given: a 48-hour cancellation window; now is 2026-06-01 10:00 local, the bookings are tomorrow and on 06-05
            let world = try await StudioWorld.booking(client, app)
            _ = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"windowHours":48,"feeKind":"none"}"#)
            #expect(try await Self.figures(client, world) == Figures(visitsCount: 0, totalSpent: "0.00", lastVisitAt: nil, noShowCount: 0, lateCancelCount: 0))
            let visit = try await world.book(client, at: "09:00")
            let missed = try await world.book(client, at: "11:00")
            let lateCancel = try await world.book(client, at: "13:00")
            let earlyCancel = try await client.call(
                .post, "/api/v1/appointments", as: .bearer(world.token), body: world.body(at: "10:00", on: "2026-06-05")
            ).decoded(AppointmentBody.self)
            // when
            try await Self.move(client, world, visit.id, ["confirm", "start", "complete"])
            try await Self.move(client, world, missed.id, ["confirm", "no-show"])
            try await Self.move(client, world, lateCancel.id, ["cancel"])
            try await Self.move(client, world, earlyCancel.id, ["cancel"])
            // an illegal move changes nothing
            let again = try await client.call(.post, "/api/v1/appointments/\(visit.id)/complete", as: .bearer(world.token))
            #expect(again.errorCode == "invalid_transition")
            // then
            let figures = try await Self.figures(client, world)
            #expect(figures.visitsCount == 1)
            let instant = { (text: String?) in text.flatMap { try? Date($0, strategy: .iso8601) } }
            #expect(instant(figures.lastVisitAt) != nil)
            #expect(instant(figures.lastVisitAt) == instant(visit.startsAt))
            #expect(figures.noShowCount == 1)
            #expect(figures.lateCancelCount == 1, "only the cancellation inside the 48-hour window is late")
            // and the rebuild from the records says the same
            try await app.database.sql.raw(
                "UPDATE clients SET visits_count = 0, no_show_count = 0, late_cancel_count = 0, last_visit_at = NULL WHERE tenant_id = \(bind: world.tenantId)"
            ).run()
            let tenant = try #require(try await TenantRecords.find(world.tenantId, on: app.database.sql))
            #expect(try await ClientFiguresRebuild.run(tenant, database: app.database) == 1)
            #expect(try await Self.figures(client, world) == figures)
        }
    }

    @Test func spendFollowsPaymentsAndRefunds() async throws {
        try await withPayments { client, app, yookassa, _ in
            // given: an invoice of 1000.00 paid online
            let (world, payment) = try await RefundTests.paid(client, app, yookassa)
            #expect(payment.status == "succeeded")
            #expect(try await Self.figures(client, world).totalSpent == "1000.00")
            // when: 300.00 goes back
            let refund = try await world.refund(client, payment.id, amount: "300.00")
            #expect(refund.status == .created)
            // then
            #expect(try await Self.figures(client, world).totalSpent == "700.00")
            // and the rebuild from the payments agrees
            try await app.database.sql.raw("UPDATE clients SET total_spent = 0 WHERE tenant_id = \(bind: world.tenantId)").run()
            let tenant = try #require(try await TenantRecords.find(world.tenantId, on: app.database.sql))
            _ = try await ClientFiguresRebuild.run(tenant, database: app.database)
            #expect(try await Self.figures(client, world).totalSpent == "700.00")
        }
    }

    @Test func theNightlySweepRecomputesAutoTagsOncePerStudioLocalDay() async throws {
        try await withTestApp { client, app in
            // given: a client whose last visit is 100 days ago (at risk by the default thresholds)
            let world = try await StudioWorld.booking(client, app)
            try await app.database.sql.raw(
                "UPDATE clients SET visits_count = 3, last_visit_at = \(bind: testNow.addingTimeInterval(-100 * 86_400)) WHERE tenant_id = \(bind: world.tenantId)"
            ).run()
            // when: the sweep runs twice in the same local day, then its jobs
            for _ in 0..<2 {
                try await Jobs.enqueue(NewJob(kind: AutoTagJobs.sweepKind, queue: .heavy), at: app.clock.now(), on: app.database.sql)
            }
            try await runDueJobs(app)
            let recomputes = try await jobs(app.database, world.tenantId, kind: AutoTagJobs.recomputeKind)
            #expect(recomputes.count == 1, "one recompute per studio and local day")
            // then
            struct Tags: Decodable { let autoTags: [String] }
            let tags = try await client.call(.get, "/api/v1/clients/\(world.clientId)", as: .bearer(world.token)).decoded(Tags.self)
            #expect(tags.autoTags.contains("at_risk"))
        }
    }

    @Test func loyaltyIsEarnedByVisitsAndNeverLowered() async throws {
        try await withTestApp { client, app in
            // given: 10 visits (gold by default), 4 visits (none), and a client staff made platinum with 2
            let world = try await StudioWorld.studio(client, app)
            let loyal = try await client.createClient(NewClient(name: "Loyal"), token: world.token)
            let occasional = try await client.createClient(NewClient(name: "Occasional"), token: world.token)
            let favourite = try await client.createClient(NewClient(name: "Favourite"), token: world.token)
            _ = try await client.call(.patch, "/api/v1/clients/\(favourite.id)", as: .bearer(world.token), json: #"{"loyaltyLevel":"platinum"}"#)
            for (id, visits) in [(loyal.id, 10), (occasional.id, 4), (favourite.id, 2)] {
                try await app.database.sql.raw("UPDATE clients SET visits_count = \(bind: visits) WHERE id = \(bind: UUID(uuidString: id))").run()
            }
            // when
            #expect(try await client.call(.post, "/api/v1/clients/autotags/recompute", as: .bearer(world.token)).status == .ok)
            // then
            struct Level: Decodable { let loyaltyLevel: String }
            func level(_ id: String) async throws -> String {
                try await client.call(.get, "/api/v1/clients/\(id)", as: .bearer(world.token)).decoded(Level.self).loyaltyLevel
            }
            #expect(try await level(loyal.id) == "gold")
            #expect(try await level(occasional.id) == "none")
            #expect(try await level(favourite.id) == "platinum", "a level held is never lowered")
            #expect(try await auditActions(app.database, world.tenant.id).filter { $0 == "client.loyalty_changed" }.count == 1)
        }
    }
}
