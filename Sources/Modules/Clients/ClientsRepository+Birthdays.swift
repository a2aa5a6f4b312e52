import CRMCore
import Foundation
import SQLKit

/// A client's birthday as an overview shows it.
public struct ClientBirthday: Sendable, Equatable {
    public let clientId: CustomerID
    public let name: String
    public let birthday: LocalDate
    /// The next date it falls on, from the day asked (that day included).
    public let next: LocalDate
    /// How many days from the day asked that is (0: that day).
    public let inDays: Int
}

extension ClientsRepository {
    /// Active clients whose birthday falls in the `days` days from `from` (`from` included),
    /// soonest first. A 29 February birthday is kept on 28 February in other years. Only the
    /// window's month-days are read (`MM-DD` of the stored `YYYY-MM-DD`), not every client.
    func birthdays(from: LocalDate, days: Int) async throws -> [ClientBirthday] {
        var offsets: [String: Int] = [:]
        for offset in 0..<days {
            let day = from.adding(days: offset)
            let key = String(format: "%02d-%02d", day.month, day.day)
            if offsets[key] == nil { offsets[key] = offset }
            if day.month == 2, day.day == 28, !Self.isLeap(day.year), offsets["02-29"] == nil { offsets["02-29"] = offset }
        }
        guard !offsets.isEmpty else { return [] }
        struct Row: Decodable {
            let id: CustomerID
            let name: String
            let birthday: String
        }
        let rows = try await sql.raw(
            """
            SELECT id, name, birthday FROM clients
            WHERE tenant_id = \(bind: tenantId) AND archived_at IS NULL AND substr(birthday, 6, 5) IN \(SQLBind.group(Array(offsets.keys)))
            """
        ).all(decoding: Row.self)
        let found = rows.compactMap { row -> ClientBirthday? in
            guard let birthday = LocalDate(iso: row.birthday), let offset = offsets[String(row.birthday.suffix(5))] else { return nil }
            return ClientBirthday(clientId: row.id, name: row.name, birthday: birthday, next: from.adding(days: offset), inDays: offset)
        }
        return found.sorted { ($0.inDays, $0.name) < ($1.inDays, $1.name) }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}

extension ClientDirectory {
    /// Birthdays of the tenant's active clients in the `days` days from `from`.
    public func birthdays(tenant: TenantID, from: LocalDate, days: Int) async throws -> [ClientBirthday] {
        try await ClientsRepository(sql: sql, tenantId: tenant).birthdays(from: from, days: days)
    }
}
