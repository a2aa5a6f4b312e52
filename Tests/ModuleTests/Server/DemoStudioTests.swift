import CRMCore
import CRMServer
import Modules
import Foundation
import SQLKit
import Tenancy
import Testing
import TestSupport

/// `veloria seed-demo` makes a studio to explore, through the API, the same for the same seed.
@Suite struct DemoStudioTests {
    struct Counts: Equatable {
        var staff = 0
        var services = 0
        var clients = 0
        var statuses: [String: Int] = [:]
        var invoices = 0
        var payments = 0
        var discounts = 0
        var wallets = 0
    }

    static func counts(_ database: Database, slug: String) async throws -> Counts {
        let tenant = try #require(try await TenantRecords.find(slug: slug, on: database.sql))
        func count(_ table: String, _ condition: String = "") async throws -> Int {
            let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE tenant_id = \(bind: tenant.id) \(unsafeRaw: condition)")
                .first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
        var counts = Counts(
            staff: try await count("staff"), services: try await count("services"), clients: try await count("clients"),
            invoices: try await count("invoices"), payments: try await count("payments", "AND status = 'succeeded'"),
            discounts: try await count("client_discounts"), wallets: try await count("client_wallets"))
        for row in try await database.sql.raw(
            "SELECT status, COUNT(*) AS n FROM appointments WHERE tenant_id = \(bind: tenant.id) GROUP BY status"
        ).all() {
            counts.statuses[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    static func seed(_ database: Database, slug: String, seed: UInt64) async throws -> String {
        let config = try testConfig()
        let dependencies = AppDependencies(
            database: database, clock: SystemClock(), metrics: AppMetrics(),
            catalog: try MessageCatalog.load(from: config.langDirectory, defaultLocale: config.appLocale), logger: testLogger,
            emailSender: RecordingEmailSender(), ownsDatabase: false)
        var options = DemoStudio.Options()
        options.slug = slug
        options.seed = seed
        options.clients = 12
        options.pastDays = 8
        options.futureDays = 3
        options.ownerEmail = "owner@\(slug).test"
        options.managerEmail = "manager@\(slug).test"
        return try await DemoStudio(config: config, dependencies: dependencies, options: options).seed(now: testNow)
    }

    @Test func theDemoStudioHasVisitsInEveryStatusMoneyAndFiguresAndTheSameSeedMakesTheSameStudio() async throws {
        try await TestDatabase.with(migrations: MigrationRegistry.all) { database in
            // when: two studios from one seed, and the first seeded again
            let report = try await Self.seed(database, slug: "demo-a", seed: 7)
            let twin = try await Self.seed(database, slug: "demo-b", seed: 7)
            let again = try await Self.seed(database, slug: "demo-a", seed: 7)
            // then
            #expect(report.contains("created demo studio"), "\(report)")
            #expect(twin.contains("created demo studio"))
            #expect(again.contains("already exists"))
            let a = try await Self.counts(database, slug: "demo-a")
            #expect(a == (try await Self.counts(database, slug: "demo-b")), "the same seed makes the same studio")
            #expect(a.staff == 4 && a.services == 10 && a.clients == 12)
            #expect(Set(a.statuses.keys).isSuperset(of: ["completed", "pending", "confirmed"]), "\(a.statuses)")
            #expect(a.invoices > 0 && a.payments > 0, "\(a)")
            #expect(a.discounts == 1 && a.wallets == 1, "the fourth client keeps money with the studio, the sixth has a discount: \(a)")
            // and the visits kept the clients' figures
            let tenant = try #require(try await TenantRecords.find(slug: "demo-a", on: database.sql))
            let visits = try await database.sql.raw("SELECT SUM(visits_count) AS n FROM clients WHERE tenant_id = \(bind: tenant.id)").first()
            #expect(try visits?.decode(column: "n", as: Int.self) == a.statuses["completed"])
        }
    }
}
