import CRMCore
import Foundation
import SQLKit

/// What `GET /clients` narrows by.
struct ClientListFilter: Sendable {
    /// Lower-cased text matched anywhere in the name or the email.
    var text: String?
    /// Digit runs matched anywhere in the E.164 phone (the typed digits, and their
    /// international form when typed nationally).
    var phoneDigits: [String] = []
    /// Any of these tags, manual or automatic.
    var tags: [String] = []
    var loyaltyLevels: [LoyaltyLevel] = []
    var lastVisit: [(op: FilterOperator, at: Date)] = []
    var archived = false
    /// A specialist's scope: only clients they created or who have an appointment with the
    /// staff record linked to them.
    var specialist: UserID?
}

enum ClientSortField: String, Sendable {
    case name, lastVisitAt, createdAt

    var column: String {
        switch self {
        case .name: "name_key"
        case .lastVisitAt: "last_visit_key"
        case .createdAt: "created_at"
        }
    }
}

extension ClientsRepository {
    /// One keyset page: no duplicates and no gaps across pages, even while clients are added.
    func list(_ filter: ClientListFilter, sort: ClientSortField, descending: Bool, page: PageRequest) async throws -> (
        items: [Customer], nextCursor: String?
    ) {
        let position = try page.cursor.map { try Self.position($0, sort: sort) }
        let select = sql.select().columns(Self.columns.map { SQLColumn($0) } + [SQLColumn("name_key"), SQLColumn("last_visit_key")])
            .from("clients").where("tenant_id", .equal, SQLBind(tenantId))
        select.where(SQLRaw(filter.archived ? "archived_at IS NOT NULL" : "archived_at IS NULL"))
        if filter.text != nil || !filter.phoneDigits.isEmpty {
            var terms: [SQLQueryString] = []
            if let text = filter.text {
                let pattern = LikePattern.containing(text)
                terms.append("name_key LIKE \(bind: pattern) ESCAPE '!'")
                terms.append("email_key LIKE \(bind: pattern) ESCAPE '!'")
            }
            for digits in filter.phoneDigits { terms.append("phone LIKE \(bind: "%" + digits + "%")") }
            select.where(SQLQueryString("(") + terms.joined(separator: " OR ") + ")")
        }
        if !filter.tags.isEmpty {
            select.where(
                """
                EXISTS (SELECT 1 FROM client_tags ct WHERE ct.tenant_id = clients.tenant_id AND ct.client_id = clients.id
                        AND ct.tag IN \(SQLBind.group(filter.tags)))
                """ as SQLQueryString)
        }
        if !filter.loyaltyLevels.isEmpty { select.where("loyalty_level", .in, SQLBind.group(filter.loyaltyLevels.map(\.rawValue))) }
        for condition in filter.lastVisit {
            select.where("last_visit_at", Self.binaryOperator(condition.op), SQLBind(condition.at))
        }
        if let user = filter.specialist {
            guard let appointments else { preconditionFailure("a specialist's client list needs the appointments scope") }
            select.where("(created_by = \(bind: user) OR \(appointments.clientsSeenBy(user, tenantId: tenantId)))" as SQLQueryString)
        }
        Keyset.apply(to: select, columns: [KeysetColumn(sort.column, descending: descending)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: ListRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let tags = try await tags(of: rows.map(\.row.id))
        let page = Keyset.page(rows, limit: page.limit) { row in
            KeysetPosition(values: [row.sortValue(sort)], id: row.row.id.uuid)
        }
        return (page.items.map { $0.row.customer(tags: tags[$0.row.id] ?? []) }, page.nextCursor)
    }

    /// A list row with the sort keys the cursor is made of.
    struct ListRow: Decodable {
        let row: Row
        let nameKey: String
        let lastVisitKey: Date

        init(from decoder: any Decoder) throws {
            row = try Row(from: decoder)
            let container = try decoder.container(keyedBy: Keys.self)
            nameKey = try container.decode(String.self, forKey: .nameKey)
            lastVisitKey = try container.decode(Date.self, forKey: .lastVisitKey)
        }

        enum Keys: String, CodingKey { case nameKey, lastVisitKey }

        func sortValue(_ sort: ClientSortField) -> KeysetValue {
            switch sort {
            case .name: .text(nameKey)
            case .lastVisitAt: .time(lastVisitKey)
            case .createdAt: .time(row.createdAt)
            }
        }
    }

    /// A cursor made for another sort (or forged) is `cursor: invalid`, never a wrong page.
    static func position(_ cursor: String, sort: ClientSortField) throws(AppError) -> KeysetPosition {
        guard let position = try Keyset.position(cursor, columns: 1) else { throw AppError.validation(field: "cursor", "invalid") }
        switch (sort, position.values.first) {
        case (.name, .text), (.lastVisitAt, .time), (.createdAt, .time): return position
        default: throw AppError.validation(field: "cursor", "invalid")
        }
    }

    static func binaryOperator(_ op: FilterOperator) -> SQLBinaryOperator {
        switch op {
        case .gt: .greaterThan
        case .gte: .greaterThanOrEqual
        case .lt: .lessThan
        case .lte: .lessThanOrEqual
        case .eq, .in: .equal
        }
    }
}
