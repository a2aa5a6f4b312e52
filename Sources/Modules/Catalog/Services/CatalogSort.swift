import CRMCore
import Foundation
import SQLKit

/// One sortable column of a catalog list and the type of its keyset value.
struct CatalogSortColumn: Sendable {
    enum Kind: Sendable {
        case text, integer, time
    }

    let column: String
    let kind: Kind
    let descending: Bool

    var keyset: KeysetColumn { KeysetColumn(column, descending: descending) }
}

enum CatalogSort {
    /// Maps the request's sort keys to columns (`columns` maps API field → column and kind).
    static func columns(_ sort: [SortKey], _ columns: [String: (String, CatalogSortColumn.Kind)]) -> [CatalogSortColumn] {
        sort.compactMap { key in columns[key.field].map { CatalogSortColumn(column: $0.0, kind: $0.1, descending: key.descending) } }
    }

    /// The cursor's position, refused unless it was made for these sort columns: a cursor from
    /// another sort (or a forged one) would otherwise compare a text with a number.
    static func position(_ cursor: String?, for columns: [CatalogSortColumn]) throws(AppError) -> KeysetPosition? {
        guard let position = try Keyset.position(cursor, columns: columns.count) else { return nil }
        for (value, column) in zip(position.values, columns) {
            switch (value, column.kind) {
            case (.text, .text), (.integer, .integer), (.time, .time): continue
            default: throw AppError.validation(field: "cursor", "invalid")
            }
        }
        return position
    }
}
