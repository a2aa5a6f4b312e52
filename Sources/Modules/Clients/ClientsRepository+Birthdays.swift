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
}

extension ClientsRepository {
    /// Active clients whose birthday falls in the `days` days from `from` (`from` included),
    /// soonest first. A 29 February birthday is kept on 28 February in other years.
    func birthdays(from: LocalDate, days: Int) async throws -> [ClientBirthday] {
        struct Row: Decodable {
            let id: CustomerID
            let name: String
            let birthday: String
        }
        let rows = try await sql.raw(
            "SELECT id, name, birthday FROM clients WHERE tenant_id = \(bind: tenantId) AND birthday IS NOT NULL AND archived_at IS NULL"
        ).all(decoding: Row.self)
        let window = (0..<days).map { from.adding(days: $0) }
        var found: [ClientBirthday] = []
        for row in rows {
            guard let birthday = LocalDate(iso: row.birthday) else { continue }
            let next = window.first { day in
                day.month == birthday.month
                    && (day.day == birthday.day || (birthday.month == 2 && birthday.day == 29 && day.day == 28 && !Self.isLeap(day.year)))
            }
            if let next { found.append(ClientBirthday(clientId: row.id, name: row.name, birthday: birthday, next: next)) }
        }
        return found.sorted { ($0.next, $0.name) < ($1.next, $1.name) }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}

extension ClientDirectory {
    /// Birthdays of the tenant's active clients in the `days` days from `from`.
    public func birthdays(tenant: TenantID, from: LocalDate, days: Int) async throws -> [ClientBirthday] {
        try await ClientsRepository(sql: sql, tenantId: tenant).birthdays(from: from, days: days)
    }
}
