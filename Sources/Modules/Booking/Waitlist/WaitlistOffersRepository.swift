import CRMCore
import Foundation
import SQLKit

/// One tenant's automatic offers; every statement is scoped by `tenantId`.
struct WaitlistOffersRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    struct Row: Decodable {
        let id: WaitlistOfferID
        let chainId: UUID
        let entryId: WaitlistEntryID
        let clientId: CustomerID
        let appointmentId: AppointmentID
        let sourceAppointmentId: AppointmentID
        let staffId: StaffID
        let freedStartsAt: Date
        let freedEndsAt: Date
        let offerRank: Int
        let score: Int
        let status: String
        let tokenHash: String
        let channel: String?
        let expiresAt: Date
        let answeredAt: Date?
        let createdAt: Date
        let updatedAt: Date

        var offer: WaitlistOffer? {
            guard let status = WaitlistOffer.Status(rawValue: status) else { return nil }
            return WaitlistOffer(
                id: id, chainId: chainId, entryId: entryId, clientId: clientId, appointmentId: appointmentId,
                sourceAppointmentId: sourceAppointmentId,
                staffId: staffId, freedStartsAt: freedStartsAt, freedEndsAt: freedEndsAt, rank: offerRank, score: score, status: status,
                tokenHash: tokenHash, channel: channel, expiresAt: expiresAt, answeredAt: answeredAt, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    static let columns = """
        id, chain_id, entry_id, client_id, appointment_id, source_appointment_id, staff_id, freed_starts_at, freed_ends_at, offer_rank, score, \
        status, token_hash, channel, expires_at, answered_at, created_at, updated_at
        """

    private func all(_ query: SQLQueryString) async throws -> [WaitlistOffer] {
        try await sql.raw(query).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap(\.offer)
    }

    func find(_ id: WaitlistOfferID) async throws -> WaitlistOffer? {
        try await all("SELECT \(unsafeRaw: Self.columns) FROM waitlist_offers WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").first
    }

    func find(tokenHash: String) async throws -> WaitlistOffer? {
        try await all(
            "SELECT \(unsafeRaw: Self.columns) FROM waitlist_offers WHERE tenant_id = \(bind: tenantId) AND token_hash = \(bind: tokenHash)"
        )
        .first
    }

    /// Every offer of a chain, first rank first.
    func chain(_ chainId: UUID) async throws -> [WaitlistOffer] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.columns) FROM waitlist_offers WHERE tenant_id = \(bind: tenantId) AND chain_id = \(bind: chainId)
            ORDER BY offer_rank, created_at
            """)
    }

    /// The offers of every chain an appointment is part of: the freed booking's or the hold's.
    func touching(_ appointment: AppointmentID) async throws -> [WaitlistOffer] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.columns) FROM waitlist_offers WHERE tenant_id = \(bind: tenantId) AND chain_id IN (
                SELECT chain_id FROM waitlist_offers WHERE tenant_id = \(bind: tenantId)
                AND (source_appointment_id = \(bind: appointment) OR appointment_id = \(bind: appointment)))
            ORDER BY created_at, offer_rank
            """)
    }

    /// The live offer holding `appointment`, if any.
    func live(holding appointment: AppointmentID) async throws -> WaitlistOffer? {
        try await all(
            """
            SELECT \(unsafeRaw: Self.columns) FROM waitlist_offers
            WHERE tenant_id = \(bind: tenantId) AND appointment_id = \(bind: appointment) AND status = 'offered'
            """
        ).first
    }

    func insert(_ o: WaitlistOffer) async throws {
        try await sql.raw(
            """
            INSERT INTO waitlist_offers (tenant_id, id, chain_id, entry_id, client_id, appointment_id, source_appointment_id, staff_id,
                freed_starts_at, freed_ends_at, offer_rank, score, status, token_hash, channel, expires_at, answered_at, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: o.id), \(bind: o.chainId), \(bind: o.entryId), \(bind: o.clientId), \(bind: o.appointmentId),
                \(bind: o.sourceAppointmentId), \(bind: o.staffId), \(bind: o.freedStartsAt), \(bind: o.freedEndsAt), \(bind: o.rank),
                \(bind: o.score), \(bind: o.status.rawValue), \(bind: o.tokenHash), \(bind: o.channel), \(bind: o.expiresAt),
                \(bind: o.answeredAt), \(bind: o.createdAt), \(bind: o.updatedAt))
            """
        ).run()
    }

    /// Closes a live offer (guarded: only while it is still `offered`; false when it was not —
    /// a second answer, or the expiry job and an answer at once, win once).
    func close(_ o: WaitlistOffer) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE waitlist_offers SET status = \(bind: o.status.rawValue), answered_at = \(bind: o.answeredAt), updated_at = \(bind: o.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: o.id) AND status = 'offered' RETURNING id
            """
        ).first() != nil
    }
}
