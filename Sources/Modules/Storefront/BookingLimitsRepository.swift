import Booking
import CRMCore
import Foundation
import SQLKit

/// How many online bookings one person may make (SPEC §11 abuse limits): in 24 hours, and
/// upcoming at once — both studio settings. A person is the client their normalized phone (else
/// email) matches; every online booking counts for the day, cancelled or not (a book-and-cancel
/// loop is no way round it), and the pending, deposit-due and confirmed ones still ahead count as
/// upcoming. Over either: `409 phone_booking_limit` with `details.limit` and `details.kind`.
enum BookingLimits {
    static let holding: [AppointmentStatus] = [.pending, .depositRequired, .confirmed]

    /// Takes the client's row lock for the rest of the transaction: on PostgreSQL two bookings of
    /// one person then count one after the other (SQLite's `BEGIN IMMEDIATE` already serialises writers).
    static func lock(client: CustomerID, tenantId: TenantID, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE clients SET name = name WHERE tenant_id = \(bind: tenantId) AND id = \(bind: client)").run()
    }

    static func check(client: CustomerID, settings: StorefrontSettings, tenantId: TenantID, now: Date, on sql: any SQLDatabase) async throws {
        struct Counts: Decodable {
            let recent: Int
            let upcoming: Int
        }
        let statuses = SQLList(holding.map { SQLBind($0.rawValue) })
        let counts = try await sql.raw(
            """
            SELECT COALESCE(SUM(CASE WHEN created_at >= \(bind: now.addingTimeInterval(-24 * 3600)) THEN 1 ELSE 0 END), 0) AS recent,
                   COALESCE(SUM(CASE WHEN starts_at > \(bind: now) AND status IN (\(statuses)) THEN 1 ELSE 0 END), 0) AS upcoming
            FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client) AND source = \(bind: AppointmentSource.storefront.rawValue)
            """
        ).first(decoding: Counts.self)
        guard let counts else { return }
        if counts.recent >= settings.phoneDailyLimit { throw refusal(kind: "daily", limit: settings.phoneDailyLimit) }
        if counts.upcoming >= settings.phoneUpcomingLimit { throw refusal(kind: "upcoming", limit: settings.phoneUpcomingLimit) }
    }

    static func refusal(kind: String, limit: Int) -> AppError {
        AppError(
            status: .conflict, code: "phone_booking_limit", messageArguments: ["limit": "\(limit)"],
            details: ["kind": .string(kind), "limit": .int(Int64(limit))])
    }
}
