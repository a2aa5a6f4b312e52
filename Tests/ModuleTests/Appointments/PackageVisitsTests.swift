import CRMCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Modules
import Testing
import TestSupport

/// Packages used by bookings: a booking of a service the client's package covers takes a visit
/// (and costs nothing more), completion uses it, cancellation gives it back or forfeits it by
/// the studio's policy, expiry is honoured, and the last visit goes to exactly one booking.
@Suite struct PackageVisitsTests {
    struct Package: Decodable {
        struct Unit: Decodable {
            let serviceId: String
            let total: Int
            let remaining: Int
            let reserved: Int
        }
        let id: String
        let units: [Unit]
        var unit: Unit { units[0] }
    }

    struct Booked: Decodable {
        let id: String
        let price: String
        let status: String
        let depositStatus: String
        let clientPackageId: String?
    }

    struct History: Decodable {
        struct Entry: Decodable {
            let kind: String
            let data: [String: JSONValue]
        }
        let items: [Entry]
    }

    /// The world's client bought a package of `visits` of the world's service, valid `days` days.
    static func sell(_ client: some TestClientProtocol, _ world: StudioWorld, visits: Int, days: Int = 30, to clientId: String? = nil)
        async throws -> Package
    {
        let definition = try await ServiceFixtures.package(
            client, token: world.token, name: "Cuts", items: [(world.serviceId, visits)], validityDays: days)
        let sold = try await client.call(
            .post, "/api/v1/clients/\(clientId ?? world.clientId)/packages", as: .bearer(world.token),
            json: #"{"packageId":"\#(definition.id)"}"#)
        try #require(sold.status == .created, "\(sold.text)")
        return try sold.decoded(Package.self)
    }

    static func package(_ client: some TestClientProtocol, _ world: StudioWorld, _ id: String) async throws -> Package {
        try await client.call(.get, "/api/v1/client-packages/\(id)", as: .bearer(world.token)).decoded(Package.self)
    }

    static func book(_ client: some TestClientProtocol, _ world: StudioWorld, at time: String, on date: String = "2026-06-02", extra: String = "")
        async throws -> TestResponse
    {
        try await client.call(
            .post, "/api/v1/appointments", as: .bearer(world.token),
            json: #"{"clientId":"\#(world.clientId)","serviceId":"\#(world.serviceId)","staffId":"\#(world.staffId)","startsAt":"\#(date)T\#(time):00"\#(extra)}"#
        )
    }

    static func move(_ client: some TestClientProtocol, _ world: StudioWorld, _ id: String, _ routes: [String]) async throws {
        for route in routes {
            let response = try await client.call(.post, "/api/v1/appointments/\(id)/\(route)", as: .bearer(world.token))
            try #require(response.status == .ok, "\(route): \(response.text)")
        }
    }

    @Test func aCoveredBookingTakesAVisitAndCompletionUsesIt() async throws {
        try await withTestApp { client, app in
            // given: two visits of the 2500.00 service
            let world = try await StudioWorld.booking(client, app)
            let sold = try await Self.sell(client, world, visits: 2)
            // when
            let booked = try await Self.book(client, world, at: "11:00").decoded(Booked.self)
            // then: the package pays for it and the visit is held
            #expect(booked.clientPackageId == sold.id)
            #expect(booked.price == "0.00")
            var package = try await Self.package(client, world, sold.id)
            #expect(package.unit.remaining == 1 && package.unit.reserved == 1)
            // when: the visit happens
            try await Self.move(client, world, booked.id, ["confirm", "start", "complete"])
            // then: it stays used, no longer reserved
            package = try await Self.package(client, world, sold.id)
            #expect(package.unit.remaining == 1 && package.unit.reserved == 0)
            // and the history shows the use beside the sale
            let history = try await client.call(.get, "/api/v1/clients/\(world.clientId)/history?limit=50", as: .bearer(world.token))
                .decoded(History.self)
            let use = try #require(history.items.first { $0.kind == "package_visit" })
            #expect(use.data["state"] == .string("used"))
            #expect(use.data["appointmentId"] == .string(booked.id))
            #expect(use.data["name"] == .string("Cuts"))
            #expect(history.items.contains { $0.kind == "package" })
            // and each step is audited against the package
            let actions = try await ServiceFixtures.audits(app.database, world.tenantId).filter { $0.entityId == sold.id }.map(\.action)
            #expect(actions.contains("client_package.visit_reserved") && actions.contains("client_package.visit_used"))
        }
    }

    @Test func cancellationGivesTheVisitBackInTimeAndByPolicyWhenLate() async throws {
        try await withTestApp { client, app in
            // given: a 24-hour window (now is 2026-06-01 10:00), three visits
            let world = try await StudioWorld.booking(client, app)
            let sold = try await Self.sell(client, world, visits: 3)
            let early = try await Self.book(client, world, at: "10:00", on: "2026-06-05").decoded(Booked.self)
            let late = try await Self.book(client, world, at: "09:00").decoded(Booked.self)
            #expect(try await Self.package(client, world, sold.id).unit.remaining == 1)
            // when: one is cancelled days ahead, one inside the window (default: the visit is forfeited)
            try await Self.move(client, world, early.id, ["cancel"])
            try await Self.move(client, world, late.id, ["cancel"])
            // then
            var package = try await Self.package(client, world, sold.id)
            #expect(package.unit.remaining == 2, "only the cancellation in time gives its visit back")
            #expect(package.unit.reserved == 0)
            // when: the studio gives late visits back, and a no-show forfeits by default
            let policy = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"packageVisitOnLateCancel":"return"}"#)
            #expect(policy.status == .ok, "\(policy.text)")
            let lateAgain = try await Self.book(client, world, at: "13:00").decoded(Booked.self)
            let missed = try await Self.book(client, world, at: "15:00").decoded(Booked.self)
            #expect(try await Self.package(client, world, sold.id).unit.remaining == 0)
            try await Self.move(client, world, lateAgain.id, ["cancel"])
            try await Self.move(client, world, missed.id, ["confirm", "no-show"])
            // then
            package = try await Self.package(client, world, sold.id)
            #expect(package.unit.remaining == 1, "the late cancellation gave its visit back, the no-show did not")
            // and a policy value the studio cannot mean is refused
            let wrong = try await client.call(
                .put, "/api/v1/settings/cancellation", as: .bearer(world.token), json: #"{"packageVisitOnNoShow":"sometimes"}"#)
            #expect(wrong.status == .badRequest)
        }
    }

    @Test func expiryOptingOutAndAForeignPackageAreHonoured() async throws {
        try await withTestApp { client, app in
            // given: one visit valid for 3 days (until the end of 4 June), and another client's package
            let world = try await StudioWorld.booking(client, app)
            let sold = try await Self.sell(client, world, visits: 1, days: 3)
            let other = try await world.addClient(NewClient(name: "Other Client"))
            let foreign = try await Self.sell(client, world, visits: 1, to: other)
            // when / then: a visit after the expiry is booked at the price
            let after = try await Self.book(client, world, at: "10:00", on: "2026-06-05").decoded(Booked.self)
            #expect(after.clientPackageId == nil && after.price == "2500.00")
            // opting out books at the price and leaves the visit
            let optedOut = try await Self.book(client, world, at: "09:00", extra: #","usePackage":false"#).decoded(Booked.self)
            #expect(optedOut.clientPackageId == nil && optedOut.price == "2500.00")
            #expect(try await Self.package(client, world, sold.id).unit.remaining == 1)
            // another client's package cannot be named (nothing is written)
            let named = try await Self.book(client, world, at: "13:00", extra: #","clientPackageId":"\#(foreign.id)""#)
            #expect(named.status == .badRequest)
            #expect(named.errorBody?.fields?["clientPackageId"] == "not_found")
            // the own package covers a visit before the expiry, and a move past it is refused
            let covered = try await Self.book(client, world, at: "15:00", extra: #","clientPackageId":"\#(sold.id)""#).decoded(Booked.self)
            #expect(covered.clientPackageId == sold.id)
            let moved = try await client.call(
                .post, "/api/v1/appointments/\(covered.id)/reschedule", as: .bearer(world.token), json: #"{"startsAt":"2026-06-06T10:00:00"}"#)
            #expect(moved.status == .badRequest)
            #expect(moved.errorBody?.fields?["startsAt"] == "after_package_expiry")
            // a package with no visit left cannot be named
            let exhausted = try await Self.book(client, world, at: "17:00", extra: #","clientPackageId":"\#(sold.id)""#)
            #expect(exhausted.status == .conflict && exhausted.errorCode == "package_exhausted")
            // and nobody else's studio can use or even see it
            let stranger = try await StudioWorld.booking(client, app)
            let probe = try await client.call(.get, "/api/v1/client-packages/\(sold.id)", as: .bearer(stranger.token))
            #expect(probe.status == .notFound)
        }
    }

    @Test func theLastVisitGoesToExactlyOneOfRacingBookings() async throws {
        try await withTestApp(.live) { client, app in
            // given: one visit left, and eight bookings of the service at different times at once
            let world = try await StudioWorld.booking(client, app)
            let sold = try await Self.sell(client, world, visits: 1)
            let times = ["09:00", "10:30", "12:00", "13:30", "15:00", "16:30"] + ["09:00", "10:30"].map { "\($0)+" }
            // when
            let booked = try await withThrowingTaskGroup(of: Booked.self) { group in
                for time in times {
                    let date = time.hasSuffix("+") ? "2026-06-03" : "2026-06-02"
                    let clock = String(time.prefix(5))
                    group.addTask {
                        let response = try await Self.book(client, world, at: clock, on: date)
                        try #require(response.status == .created, "\(response.text)")
                        return try response.decoded(Booked.self)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then: every booking succeeded, one of them on the package, the rest at the price
            #expect(booked.count == 8)
            #expect(booked.filter { $0.clientPackageId == sold.id }.count == 1)
            #expect(booked.filter { $0.clientPackageId == nil && $0.price == "2500.00" }.count == 7)
            let package = try await Self.package(client, world, sold.id)
            #expect(package.unit.remaining == 0 && package.unit.reserved == 1)
        }
    }
}
