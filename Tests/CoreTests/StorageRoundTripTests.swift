import CRMCore
import Foundation
import SQLKit
import Testing
import TestSupport

/// UUIDs, UTC timestamps, booleans and JSON columns must come back identical on SQLite and on
/// PostgreSQL (CI runs this suite once per engine).
@Suite struct StorageRoundTripTests {
    struct Payload: Codable, Equatable, Sendable {
        let name: String
        let count: Int
        let tags: [String]
        let flags: [String: Bool]
    }

    struct Row: Codable, Equatable, Sendable {
        let id: UUID
        let tenantId: TenantID
        let happenedAt: Date
        let active: Bool
        let payload: Payload
        let amount: Int64
        let note: String?
    }

    static func createTable(_ database: Database) async throws {
        let t = database.dialect.types
        try await database.sql.raw(
            """
            CREATE TABLE round_trip (
                id \(unsafeRaw: t.uuid) PRIMARY KEY,
                tenant_id \(unsafeRaw: t.uuid) NOT NULL,
                happened_at \(unsafeRaw: t.timestamp) NOT NULL,
                active \(unsafeRaw: t.bool) NOT NULL,
                payload \(unsafeRaw: t.json) NOT NULL,
                amount BIGINT NOT NULL,
                note TEXT
            )
            """
        ).run()
    }

    static func insert(_ row: Row, into sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO round_trip (id, tenant_id, happened_at, active, payload, amount, note)
            VALUES (\(bind: row.id), \(bind: row.tenantId), \(bind: row.happenedAt), \(bind: row.active), \(bind: row.payload),
                    \(bind: row.amount), \(bind: row.note))
            """
        ).run()
    }

    static let selectAll: SQLQueryString = "SELECT id, tenant_id, happened_at, active, payload, amount, note FROM round_trip ORDER BY happened_at"

    @Test func valuesRoundTripIdentically() async throws {
        try await TestDatabase.with { database in
            // given
            try await Self.createTable(database)
            let rows = [
                Row(
                    id: UUID(), tenantId: .random(), happenedAt: Date(timeIntervalSince1970: 1_780_000_000.125), active: true,
                    payload: Payload(name: "Анна — маникюр", count: 3, tags: ["vip", "new"], flags: ["sms": true, "email": false]),
                    amount: 9_223_372_036_854_775_807, note: "first"),
                Row(
                    id: UUID(), tenantId: .random(), happenedAt: Date(timeIntervalSince1970: 1_780_000_060), active: false,
                    payload: Payload(name: "", count: 0, tags: [], flags: [:]), amount: -150, note: nil),
            ]
            // when
            for row in rows { try await Self.insert(row, into: database.sql) }
            let back = try await database.sql.raw(Self.selectAll).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            // then
            #expect(back == rows)
            let byId = try await database.sql.raw("SELECT note FROM round_trip WHERE id = \(bind: rows[0].id)").first(decoding: [String: String?].self)
            #expect(byId?["note"] == "first")
            let byTenant = try await database.sql.raw("SELECT note FROM round_trip WHERE tenant_id = \(bind: rows[0].tenantId)").all()
            #expect(byTenant.count == 1)
            let activeCount = try await database.sql.raw("SELECT COUNT(*) AS n FROM round_trip WHERE active = \(bind: true)").first(decoding: [String: Int].self)
            #expect(activeCount?["n"] == 1)
        }
    }

    @Test func timestampsAreInstantsNotWallClock() async throws {
        try await TestDatabase.with { database in
            // given
            try await Self.createTable(database)
            let row = Row(
                id: UUID(), tenantId: .random(), happenedAt: Date(timeIntervalSince1970: 1_792_890_000), active: true,
                payload: Payload(name: "x", count: 1, tags: [], flags: [:]), amount: 1, note: nil)
            try await Self.insert(row, into: database.sql)
            // when: a session time zone far from UTC must not shift what comes back
            let back = try await database.transaction { sql in
                if database.dialect == .postgres { try await sql.raw("SET LOCAL TIME ZONE 'Asia/Tokyo'").run() }
                return try await sql.raw(Self.selectAll).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            // then
            #expect(back?.happenedAt == row.happenedAt)
        }
    }

    @Test func typedIDsEncodeAsLowercaseUUIDStringsInJSON() throws {
        let id = TenantID(UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!)
        let json = String(decoding: try JSONEncoder().encode(["id": id]), as: UTF8.self)
        #expect(json == #"{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}"#)
        #expect(try JSONDecoder().decode([String: TenantID].self, from: Data(json.utf8))["id"] == id)
        #expect(TenantID(string: "not-a-uuid") == nil)
    }
}
