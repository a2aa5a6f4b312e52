import PostgresKit
import SQLiteKit

/// Whether a database error is a unique-constraint violation, on either engine. Services check
/// uniqueness first to name the field; this catches the race where two requests pass that check
/// together and the second insert hits the constraint.
public enum UniqueViolation {
    public static func matches(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return true
            case .constraint: return error.message.contains("UNIQUE constraint failed")
            default: return false
            }
        }
        return false
    }

    /// Runs `body`, turning a unique violation into `409` naming `fields`.
    public static func mapping<T>(to fields: [String: String], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error where matches(error) {
            throw AppError.conflict(fields: fields)
        }
    }
}
