import CRMCore
import Foundation
import SQLKit
import Tenancy

/// The secret of each staff member's calendar feed, stored only as its SHA-256. Rotating
/// replaces it, so an old subscription URL stops working at once.
struct CalendarFeedTokensRepository: Sendable {
    let sql: any SQLDatabase

    struct Owner: Decodable, Sendable {
        let tenantId: TenantID
        let staffId: StaffID
    }

    /// Issues a new secret for `staff`, replacing any previous one.
    func rotate(tenant: TenantID, staff: StaffID, by user: UserID?, now: Date) async throws -> String {
        let token = SecretToken.generate(prefix: "vcal_")
        try await sql.raw(
            """
            INSERT INTO calendar_feed_tokens (tenant_id, staff_id, token_hash, created_by, created_at)
            VALUES (\(bind: tenant), \(bind: staff), \(bind: SecretToken.hash(token)), \(bind: user), \(bind: now))
            ON CONFLICT (tenant_id, staff_id) DO UPDATE SET token_hash = excluded.token_hash, created_by = excluded.created_by,
                created_at = excluded.created_at
            """
        ).run()
        return token
    }

    /// Whether a feed was on; afterwards it is off.
    func disable(tenant: TenantID, staff: StaffID) async throws -> Bool {
        !(try await sql.raw(
            "DELETE FROM calendar_feed_tokens WHERE tenant_id = \(bind: tenant) AND staff_id = \(bind: staff) RETURNING staff_id"
        ).all()).isEmpty
    }

    /// When the current secret was issued, if the feed is on.
    func issuedAt(tenant: TenantID, staff: StaffID) async throws -> Date? {
        try await sql.raw("SELECT created_at FROM calendar_feed_tokens WHERE tenant_id = \(bind: tenant) AND staff_id = \(bind: staff)")
            .first()?.decode(column: "created_at", as: Date.self)
    }

    /// The staff member a secret belongs to (the hash is unique across the installation).
    func owner(of token: String) async throws -> Owner? {
        try await sql.raw("SELECT tenant_id, staff_id FROM calendar_feed_tokens WHERE token_hash = \(bind: SecretToken.hash(token))")
            .first(decoding: Owner.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
