@testable import CRMCore
import Foundation
import Modules
import SQLKit
import Testing
import TestSupport

@Suite struct MigrationRunnerTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func migratingTwiceAppliesEverythingOnceAndThenNothing() async throws {
        try await TestDatabase.with { database in
            // given
            let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: testLogger)
            #expect(try await runner.pending().count == MigrationRegistry.all.count)
            // when
            let first = try await runner.migrate(now: now)
            let second = try await runner.migrate(now: now)
            // then
            #expect(first.map(\.id) == MigrationRegistry.all.map(\.id))
            #expect(second.isEmpty)
            #expect(try await runner.isCurrent())
            let ledger = try await database.sql.raw("SELECT COUNT(*) AS n FROM _migrations").first(decoding: [String: Int].self)
            #expect(ledger?["n"] == MigrationRegistry.all.count)
        }
    }

    @Test func concurrentRunnersApplyEachMigrationExactlyOnce() async throws {
        try await TestDatabase.with { database in
            // when: three processes' worth of runners start at once
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: testLogger)
                            .migrate(now: now).map(\.id)
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            // then
            #expect(applied.sorted() == MigrationRegistry.all.map(\.id).sorted())
        }
    }

    @Test func aNewMigrationIsPendingUntilApplied() async throws {
        try await TestDatabase.with { database in
            // given a migrated database
            try await MigrationRunner(database: database, migrations: MigrationRegistry.all, logger: testLogger).migrate(now: now)
            let extra = Migration(module: "zz_test", number: 1, name: "extra table") { t in
                ["CREATE TABLE zz_extra (id \(t.uuid) PRIMARY KEY, at \(t.timestamp) NOT NULL)"]
            }
            let runner = try MigrationRunner(database: database, migrations: MigrationRegistry.all + [extra], logger: testLogger)
            // then
            #expect(try await runner.pending().map(\.id) == ["zz_test#1"])
            try await runner.migrate(now: now)
            #expect(try await runner.pending().isEmpty)
        }
    }

    @Test func aFailingMigrationLeavesNoTraceAndIsRetried() async throws {
        try await TestDatabase.with { database in
            // given: a migration whose second statement fails
            let broken = Migration(module: "zz_test", number: 1, name: "broken") { _ in
                ["CREATE TABLE zz_half (id INTEGER PRIMARY KEY)", "THIS IS NOT SQL"]
            }
            let runner = try MigrationRunner(database: database, migrations: [broken], logger: testLogger)
            // when
            await #expect(throws: (any Error).self) { try await runner.migrate(now: now) }
            // then: neither the table nor the ledger row exists
            #expect(try await runner.pending().map(\.id) == ["zz_test#1"])
            let table = try await database.sql.raw(
                database.dialect == .postgres
                    ? "SELECT table_name FROM information_schema.tables WHERE table_name = 'zz_half' AND table_schema = current_schema()"
                    : "SELECT name FROM sqlite_master WHERE name = 'zz_half'"
            ).first()
            #expect(table == nil)
        }
    }

    @Test func registryOutOfOrderIsRejected() throws {
        let one = Migration(module: "m", number: 2, name: "b") { _ in [] }
        let two = Migration(module: "m", number: 1, name: "a") { _ in [] }
        #expect(throws: MigrationError.self) { try MigrationRunner.validate([one, two]) }
        #expect(throws: MigrationError.self) { try MigrationRunner.validate([two, two]) }
        #expect(throws: Never.self) { try MigrationRunner.validate(MigrationRegistry.all) }
    }
}
