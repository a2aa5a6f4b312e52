import CRMCore
import Foundation
import SQLKit
import Testing
import TestSupport

@Suite(.enabled(if: TestDatabase.dialect == .sqlite, "SQLite only"))
struct SQLiteSettingsTests {
    @Test func everyPooledConnectionHasWALForeignKeysAndABusyTimeout() async throws {
        try await TestDatabase.with { database in
            // when: a fresh file is hit by many statements at once, so the pool opens all its connections together
            let settings = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        try await database.transaction { sql in
                            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self) ?? "?"
                            let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self) ?? -1
                            let timeout = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self) ?? -1
                            return [mode, String(keys), String(timeout)]
                        }
                    }
                }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            // then
            #expect(settings.count == 24)
            #expect(Set(settings.map { $0.joined(separator: ",") }) == ["wal,1,10000"])
        }
    }
}
