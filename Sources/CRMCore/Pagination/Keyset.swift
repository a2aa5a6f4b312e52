import Foundation
import SQLKit

/// One value of a keyset position. Its Codable form is only ever read back by `Cursor.decode`.
public enum KeysetValue: Codable, Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case time(Date)
    case uuid(UUID)

    /// The primitive to bind in SQL, typed so each engine compares it natively.
    var bindable: any Encodable & Sendable {
        switch self {
        case .text(let value): value
        case .integer(let value): value
        case .time(let value): value
        case .uuid(let value): value
        }
    }
}

/// Where the previous page ended: the sort values of its last row and that row's id, which
/// breaks ties so no two rows share a position.
public struct KeysetPosition: Codable, Sendable, Equatable {
    public var values: [KeysetValue]
    public var id: UUID

    public init(values: [KeysetValue], id: UUID) {
        self.values = values
        self.id = id
    }
}

/// A sort column of a keyset-paginated query. Sort columns must be NOT NULL (coalesce in the
/// query otherwise): NULL never compares equal, so a page could skip rows.
public struct KeysetColumn: Sendable {
    public let name: String
    public let descending: Bool

    public init(_ name: String, descending: Bool = false) {
        self.name = name
        self.descending = descending
    }
}

/// Keyset ("seek") pagination: each page continues strictly after the last row of the previous
/// one, so rows inserted or deleted meanwhile never cause duplicates or gaps (unlike OFFSET).
public enum Keyset {
    /// Adds the "after `position`" predicate, the ORDER BY (sort columns, then `idColumn` in the
    /// direction of the last sort column) and a LIMIT of `limit + 1` (the extra row tells whether
    /// there is a next page).
    @discardableResult
    public static func apply(
        to select: SQLSelectBuilder, columns: [KeysetColumn], idColumn: String, after position: KeysetPosition?, limit: Int
    ) -> SQLSelectBuilder {
        let idDescending = columns.last?.descending ?? false
        if let position {
            precondition(position.values.count == columns.count, "keyset position does not match the sort columns")
            select.where(predicate(columns: columns, idColumn: idColumn, idDescending: idDescending, position: position))
        }
        for column in columns {
            select.orderBy(column.name, column.descending ? .descending : .ascending)
        }
        select.orderBy(idColumn, idDescending ? .descending : .ascending)
        return select.limit(limit + 1)
    }

    /// The position a `cursor` names, checked against the number of sort columns: a cursor is
    /// client input, and one forged with another shape is `cursor: invalid`, never a trap.
    public static func position(_ cursor: String?, columns: Int) throws(AppError) -> KeysetPosition? {
        guard let cursor else { return nil }
        let position = try Cursor.decode(cursor, as: KeysetPosition.self)
        guard position.values.count == columns else { throw AppError.validation(field: "cursor", "invalid") }
        return position
    }

    /// Trims the extra row and makes the cursor of the next page from the last row shown.
    public static func page<Row: Sendable>(_ rows: [Row], limit: Int, position: (Row) -> KeysetPosition) -> (items: [Row], nextCursor: String?) {
        guard rows.count > limit, limit > 0 else { return (rows, nil) }
        let items = Array(rows.prefix(limit))
        return (items, Cursor.encode(position(items[limit - 1])))
    }

    /// `(c1 > v1) OR (c1 = v1 AND c2 > v2) OR … OR (c1 = v1 AND … AND id > idv)`, with `<` for
    /// descending columns.
    static func predicate(columns: [KeysetColumn], idColumn: String, idDescending: Bool, position: KeysetPosition) -> SQLQueryString {
        let terms: [(name: String, descending: Bool, value: any Encodable & Sendable)] =
            zip(columns, position.values).map { ($0.name, $0.descending, $1.bindable) } + [(idColumn, idDescending, position.id)]
        var disjunction: [SQLQueryString] = []
        for index in terms.indices {
            var conjunction: [SQLQueryString] = terms[..<index].map { "\(ident: $0.name) = \(bind: $0.value)" }
            let term = terms[index]
            conjunction.append(term.descending ? "\(ident: term.name) < \(bind: term.value)" : "\(ident: term.name) > \(bind: term.value)")
            disjunction.append("(" + conjunction.joined(separator: " AND ") + ")")
        }
        return "(" + disjunction.joined(separator: " OR ") + ")"
    }
}
