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

    /// The field a unique violation is about, as the API names fields (`client_id` → `clientId`):
    /// the last column the database names — PostgreSQL's detail `Key (tenant_id, phone)=(…)`,
    /// SQLite's `UNIQUE constraint failed: clients.tenant_id, clients.phone`. Tenant columns are
    /// never the answer (they are in every key); nil when no column can be read.
    public static func field(of error: any Error) -> String? {
        var columns: [String] = []
        if let error = error as? PSQLError, let detail = error.serverInfo?[.detail],
            let open = detail.firstIndex(of: "("), let close = detail[open...].firstIndex(of: ")")
        {
            columns = detail[detail.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } else if let error = error as? SQLiteError, let range = error.message.range(of: "constraint failed: ") {
            columns = error.message[range.upperBound...].split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces).split(separator: ".").last ?? "")
            }
        }
        guard let column = columns.last(where: { !$0.isEmpty && $0 != "tenant_id" && $0 != "id" }) ?? columns.last(where: { !$0.isEmpty }) else {
            return nil
        }
        let words = column.lowercased().split(separator: "_")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
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
