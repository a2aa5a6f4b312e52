import CRMCore
import Foundation
import SQLKit

/// The figures the records keep on a client (visits, spend, last visit, no-shows, late
/// cancellations): increments in the caller's transaction, and whole values for a rebuild.
extension ClientsRepository {
    /// One more completed visit; the last visit moves only forward (a visit completed late for
    /// an earlier day never hides a later one).
    func addVisit(_ id: CustomerID, at start: Date) async throws {
        try await sql.raw(
            """
            UPDATE clients SET visits_count = visits_count + 1,
                   last_visit_at = CASE WHEN last_visit_at IS NULL OR last_visit_at < \(bind: start) THEN \(bind: start) ELSE last_visit_at END,
                   last_visit_key = CASE WHEN last_visit_key < \(bind: start) THEN \(bind: start) ELSE last_visit_key END
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    func addNoShow(_ id: CustomerID) async throws {
        try await sql.raw(
            "UPDATE clients SET no_show_count = no_show_count + 1 WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)"
        ).run()
    }

    func addLateCancellation(_ id: CustomerID) async throws {
        try await sql.raw(
            "UPDATE clients SET late_cancel_count = late_cancel_count + 1 WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)"
        ).run()
    }

    /// Adds `minorUnits` (negative for a refund) to the spend, never below zero.
    func addSpent(_ id: CustomerID, minorUnits: Int64) async throws {
        try await sql.raw(
            """
            UPDATE clients SET total_spent = CASE WHEN total_spent + \(bind: minorUnits) < 0 THEN 0 ELSE total_spent + \(bind: minorUnits) END
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    /// Sets every figure at once (the rebuild from the records).
    func setFigures(_ id: CustomerID, _ figures: ClientFigures.Values) async throws {
        try await sql.raw(
            """
            UPDATE clients SET visits_count = \(bind: figures.visits), total_spent = \(bind: figures.spent.minorUnits),
                   last_visit_at = \(bind: figures.lastVisitAt), last_visit_key = \(bind: figures.lastVisitAt ?? Self.neverVisited),
                   no_show_count = \(bind: figures.noShows), late_cancel_count = \(bind: figures.lateCancellations)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }

    /// Every client id of the tenant, archived ones included (a rebuild covers them all).
    func allIds() async throws -> [CustomerID] {
        try await sql.raw("SELECT id FROM clients WHERE tenant_id = \(bind: tenantId)").all().map { try $0.decode(column: "id", as: CustomerID.self) }
    }

    /// Sets the loyalty level (a recompute that earned a higher one).
    func setLoyalty(_ id: CustomerID, _ level: LoyaltyLevel, now: Date) async throws {
        try await sql.raw(
            """
            UPDATE clients SET loyalty_level = \(bind: level.rawValue), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)
            """
        ).run()
    }
}
