import SQLKit

/// One numbered, append-only schema step of one module. Never edit a migration that has shipped:
/// add the next number instead.
public struct Migration: Sendable {
    public let module: String
    public let number: Int
    public let name: String
    public let apply: @Sendable (MigrationContext) async throws -> Void

    public init(module: String, number: Int, name: String, apply: @escaping @Sendable (MigrationContext) async throws -> Void) {
        self.module = module
        self.number = number
        self.name = name
        self.apply = apply
    }

    /// A migration made of raw statements; `types` gives the dialect's column type names.
    public init(module: String, number: Int, name: String, statements: @escaping @Sendable (ColumnTypes) -> [String]) {
        self.init(module: module, number: number, name: name) { context in
            for statement in statements(context.dialect.types) {
                try await context.execute(statement)
            }
        }
    }

    public var id: String { "\(module)#\(number)" }
}

/// What a migration sees: the transaction's connection and the dialect.
public struct MigrationContext: Sendable {
    public let sql: any SQLDatabase
    public let dialect: DatabaseDialect

    public init(sql: any SQLDatabase, dialect: DatabaseDialect) {
        self.sql = sql
        self.dialect = dialect
    }

    /// Executes trusted DDL text written in the migration itself (never user input).
    public func execute(_ statement: String) async throws {
        try await sql.raw(SQLQueryString(statement)).run()
    }

    /// A statement that differs per engine, named for its dialect at the call site.
    public func execute(sqlite: String, postgres: String) async throws {
        try await execute(dialect == .postgres ? postgres : sqlite)
    }
}
