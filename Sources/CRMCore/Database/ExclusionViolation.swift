import PostgresKit

/// Whether a database error is a PostgreSQL exclusion-constraint violation (SQLSTATE 23P01), and
/// which constraint it names. Appointments use one to make overlapping holds of one staff member
/// or room impossible; the service turns it into `409 slot_taken`.
public enum ExclusionViolation {
    /// The violated constraint's name, or nil when `error` is not an exclusion violation.
    public static func constraint(of error: any Error) -> String? {
        guard let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23P01" else { return nil }
        return error.serverInfo?[.constraintName] ?? ""
    }
}
