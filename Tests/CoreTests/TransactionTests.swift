import CRMCore
import Foundation
import SQLKit
import Testing
import TestSupport

@Suite struct TransactionTests {
    struct Boom: Error {}

    static func count(_ database: Database) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM things").first(decoding: [String: Int].self)?["n"] ?? -1
    }

    static func prepare(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").run()
    }

    @Test func commitKeepsEveryWriteAndRollbackKeepsNone() async throws {
        try await TestDatabase.with { database in
            // given
            try await Self.prepare(database)
            // when: one transaction commits two rows, another fails after writing one
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO things (id, name) VALUES (1, 'a')").run()
                try await sql.raw("INSERT INTO things (id, name) VALUES (2, 'b')").run()
            }
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO things (id, name) VALUES (3, 'c')").run()
                    throw Boom()
                }
            }
            // then
            #expect(try await Self.count(database) == 2)
        }
    }

    @Test func nestedTransactionJoinsTheOuterOne() async throws {
        try await TestDatabase.with { database in
            try await Self.prepare(database)
            // when: an inner call fails the whole outer transaction, including the inner write
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO things (id, name) VALUES (1, 'outer')").run()
                    try await database.transaction { inner in
                        try await inner.raw("INSERT INTO things (id, name) VALUES (2, 'inner')").run()
                    }
                    throw Boom()
                }
            }
            // then
            #expect(try await Self.count(database) == 0)
        }
    }

    @Test func concurrentReadModifyWriteTransactionsNeverLoseAnUpdate() async throws {
        try await TestDatabase.with { database in
            // given
            try await database.sql.raw("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)").run()
            try await database.sql.raw("INSERT INTO counter (id, value) VALUES (1, 0)").run()
            let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
            // when: 20 tasks each read the value and write it back plus one
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.transaction { sql in
                            let current = try await sql.raw("SELECT value FROM counter WHERE id = 1" + lock).first(decoding: [String: Int].self)?["value"] ?? 0
                            try await sql.raw("UPDATE counter SET value = \(bind: current + 1) WHERE id = 1").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            // then
            let value = try await database.sql.raw("SELECT value FROM counter WHERE id = 1").first(decoding: [String: Int].self)?["value"]
            #expect(value == 20)
        }
    }
}
