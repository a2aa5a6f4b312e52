/// The two storage engines. Shared SQL stays portable; the few dialect-specific statements sit
/// beside the portable code and switch on this value.
public enum DatabaseDialect: String, Sendable {
    case sqlite
    case postgres

    /// Column type names for raw DDL, so one migration text serves both engines.
    public var types: ColumnTypes { ColumnTypes(dialect: self) }
}

/// Column types with identical round-trip behaviour on both engines (proved by `StorageRoundTripTests`).
public struct ColumnTypes: Sendable {
    public let dialect: DatabaseDialect

    /// SQLite keeps UUIDs as TEXT (sqlite-nio writes them upper-case), PostgreSQL natively.
    public var uuid: String { dialect == .postgres ? "UUID" : "TEXT" }
    /// Always UTC. SQLite stores seconds since 1970 as REAL (microsecond precision on read).
    public var timestamp: String { dialect == .postgres ? "TIMESTAMPTZ" : "REAL" }
    public var json: String { dialect == .postgres ? "JSONB" : "TEXT" }
    public var bool: String { dialect == .postgres ? "BOOLEAN" : "INTEGER" }
    public var bigint: String { "BIGINT" }
    public var integer: String { "INTEGER" }
    public var text: String { "TEXT" }
    public var bytes: String { dialect == .postgres ? "BYTEA" : "BLOB" }
}
