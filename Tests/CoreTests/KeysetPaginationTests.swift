import CRMCore
import Foundation
import SQLKit
import Testing
import TestSupport

/// Keyset pagination on both engines: every row exactly once, in order, even while rows are
/// inserted between page requests.
@Suite struct KeysetPaginationTests {
    struct Item: Codable, Sendable, Equatable {
        let id: UUID
        let name: String
        let createdAt: Date
    }

    static let columns = [KeysetColumn("name"), KeysetColumn("created_at", descending: true)]

    static func prepare(_ database: Database, count: Int) async throws -> [Item] {
        let t = database.dialect.types
        try await database.sql.raw(
            "CREATE TABLE items (id \(unsafeRaw: t.uuid) PRIMARY KEY, name TEXT NOT NULL, created_at \(unsafeRaw: t.timestamp) NOT NULL)"
        ).run()
        // Few distinct names and times, so ties on the sort columns are common.
        let items = (0..<count).map { index in
            Item(id: UUID(), name: "client \(index % 7)", createdAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index % 5) * 60))
        }
        for item in items { try await insert(item, into: database) }
        return items
    }

    static func insert(_ item: Item, into database: Database) async throws {
        try await database.sql.raw(
            "INSERT INTO items (id, name, created_at) VALUES (\(bind: item.id), \(bind: item.name), \(bind: item.createdAt))"
        ).run()
    }

    static func page(_ database: Database, limit: Int, cursor: String?) async throws -> (items: [Item], nextCursor: String?) {
        let position = try cursor.map { try Cursor.decode($0, as: KeysetPosition.self) }
        let select = database.sql.select().columns("id", "name", "created_at").from("items")
        Keyset.apply(to: select, columns: columns, idColumn: "id", after: position, limit: limit)
        let rows = try await select.all(decoding: Item.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Keyset.page(rows, limit: limit) { KeysetPosition(values: [.text($0.name), .time($0.createdAt)], id: $0.id) }
    }

    static func walk(_ database: Database, limit: Int, between: (Int) async throws -> Void = { _ in }) async throws -> [Item] {
        var seen: [Item] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await page(database, limit: limit, cursor: cursor)
            seen += page.items
            cursor = page.nextCursor
            pages += 1
            try await between(pages)
        } while cursor != nil && pages < 1000
        return seen
    }

    @Test func aCursorWithAnotherShapeIsInvalidNotATrap() throws {
        // given: a cursor for two sort columns, and one forged with three
        let two = Cursor.encode(KeysetPosition(values: [.text("a"), .integer(1)], id: UUID()))
        let three = Cursor.encode(KeysetPosition(values: [.text("a"), .integer(1), .integer(2)], id: UUID()))
        // then
        #expect(try Keyset.position(two, columns: 2)?.values.count == 2)
        #expect(try Keyset.position(nil, columns: 2) == nil)
        #expect(throws: AppError.validation(field: "cursor", "invalid")) { try Keyset.position(three, columns: 2) }
    }

    @Test func pagesCoverEveryRowOnceInSortOrder() async throws {
        try await TestDatabase.with { database in
            // given
            let items = try await Self.prepare(database, count: 500)
            // when
            let seen = try await Self.walk(database, limit: 37)
            // then
            #expect(seen.count == 500)
            #expect(Set(seen.map(\.id)) == Set(items.map(\.id)))
            let ordered = zip(seen, seen.dropFirst()).allSatisfy { a, b in
                a.name < b.name || (a.name == b.name && a.createdAt >= b.createdAt)
            }
            #expect(ordered)
        }
    }

    @Test func insertsBetweenPagesCauseNoDuplicatesAndNoGaps() async throws {
        try await TestDatabase.with { database in
            // given
            let items = try await Self.prepare(database, count: 120)
            let before = Item(id: UUID(), name: "aaa first", createdAt: Date(timeIntervalSince1970: 1_780_000_000))
            let after = Item(id: UUID(), name: "zzz last", createdAt: Date(timeIntervalSince1970: 1_780_000_000))
            // when: after the second page, one row lands before the cursor and one after it
            let seen = try await Self.walk(database, limit: 10) { pages in
                if pages == 2 {
                    try await Self.insert(before, into: database)
                    try await Self.insert(after, into: database)
                }
            }
            // then: all original rows once, the later row once, the earlier one not at all
            #expect(seen.count == Set(seen.map(\.id)).count)
            #expect(Set(seen.map(\.id)) == Set(items.map(\.id) + [after.id]))
        }
    }

    @Test func lastPageHasNoCursorAndEmptyTablesAnswerOnePage() async throws {
        try await TestDatabase.with { database in
            _ = try await Self.prepare(database, count: 0)
            let empty = try await Self.page(database, limit: 10, cursor: nil)
            #expect(empty.items.isEmpty && empty.nextCursor == nil)
            try await Self.insert(Item(id: UUID(), name: "only", createdAt: Date(timeIntervalSince1970: 0)), into: database)
            let single = try await Self.page(database, limit: 1, cursor: nil)
            #expect(single.items.count == 1 && single.nextCursor == nil)
        }
    }
}
