import Foundation
import SQLKit

/// One column of an exported table: the header, the table's column (a plain identifier) and how
/// its value is written.
public struct ExportColumn: Sendable {
    public enum Kind: Sendable {
        /// Free text, guarded against formula injection (`CSVFormat.guarded`).
        case text
        /// An id, lower-case.
        case uuid
        case int
        /// `true` / `false`.
        case bool
        /// Minor units written as a decimal string with two places (`1500.00`), exact.
        case money
        /// ISO 8601, UTC, with its offset.
        case time
    }

    public let header: String
    public let column: String
    public let kind: Kind

    public init(_ header: String, _ column: String, _ kind: Kind = .text) {
        self.header = header
        self.column = column
        self.kind = kind
    }

    /// A column whose header is the column's own name.
    public static func named(_ column: String, _ kind: Kind = .text) -> ExportColumn { ExportColumn(column, column, kind) }
}

/// A `DataExportSource` over one table: the tenant's rows read in primary-key order, `batchSize`
/// at a time, each batch starting after the last key of the one before (a row-value comparison,
/// which both engines index through the table's `(tenant_id, …)` key). Columns are plain
/// identifiers given by the owning domain's export repository; no value is spliced into the SQL.
public struct TableExport: DataExportSource {
    public enum KeyKind: Sendable { case uuid, text, int }

    public let fileName: String
    public let table: String
    /// The column holding the tenant (`tenant_id`; `id` for the tenants table itself).
    public let tenantColumn: String
    /// The primary key after the tenant, in order.
    public let keys: [(column: String, kind: KeyKind)]
    public let fields: [ExportColumn]

    public init(
        fileName: String, table: String, tenantColumn: String = "tenant_id", keys: [(column: String, kind: KeyKind)], fields: [ExportColumn]
    ) {
        self.fileName = fileName
        self.table = table
        self.tenantColumn = tenantColumn
        self.keys = keys
        self.fields = fields
    }

    public var columns: [String] { fields.map(\.header) }

    public func count(tenant: TenantID, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: tenantColumn) = \(bind: tenant)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    public func forEachBatch(
        tenant: TenantID, on sql: any SQLDatabase, batchSize: Int, _ body: ([[String]]) async throws -> Void
    ) async throws {
        let selected = (keys.map(\.column) + fields.map(\.column)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let order = keys.map(\.column).joined(separator: ", ")
        var after: [any Encodable & Sendable]?
        while true {
            var query: SQLQueryString =
                "SELECT \(unsafeRaw: selected.joined(separator: ", ")) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: tenantColumn) = \(bind: tenant)"
            if let after {
                query += " AND (\(unsafeRaw: order)) > (\(binds: after))" as SQLQueryString
            }
            query += " ORDER BY \(unsafeRaw: order) LIMIT \(unsafeRaw: String(batchSize))" as SQLQueryString
            let rows = try await sql.raw(query).all()
            guard let last = rows.last else { return }
            try await body(try rows.map(cells))
            after = try keys.map { key -> any Encodable & Sendable in
                switch key.kind {
                case .uuid: return try last.decode(column: key.column, as: UUID.self)
                case .text: return try last.decode(column: key.column, as: String.self)
                case .int: return try last.decode(column: key.column, as: Int64.self)
                }
            }
            if rows.count < batchSize { return }
        }
    }

    func cells(_ row: any SQLRow) throws -> [String] {
        try fields.map { field in
            if try row.decodeNil(column: field.column) { return "" }
            switch field.kind {
            case .text: return CSVFormat.guarded(try row.decode(column: field.column, as: String.self))
            case .uuid: return try row.decode(column: field.column, as: UUID.self).uuidString.lowercased()
            case .int: return String(try row.decode(column: field.column, as: Int64.self))
            case .bool: return try row.decode(column: field.column, as: Bool.self) ? "true" : "false"
            case .money: return Money(minorUnits: try row.decode(column: field.column, as: Int64.self)).description
            case .time: return CSVFormat.time(try row.decode(column: field.column, as: Date.self))
            }
        }
    }
}
