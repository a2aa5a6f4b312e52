import CRMCore
import Foundation
import SQLKit
import Clients

/// The appointments side of a specialist's client scope (SPEC §1: "own appointments and their
/// clients"): the clients module asks here (its `ClientAppointmentScope` port) instead of reading
/// the appointments table itself.
public struct AppointmentClientScope: ClientAppointmentScope {
    public init() {}

    /// `clients.id IN (clients with an appointment with the staff record linked to user)`, for a
    /// query over `clients`.
    public func clientsSeenBy(_ user: UserID, tenantId: TenantID) -> SQLQueryString {
        """
        clients.id IN (SELECT a.client_id FROM appointments a
                       JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
                       WHERE a.tenant_id = \(bind: tenantId) AND s.user_id = \(bind: user))
        """
    }

    /// Whether `client` has an appointment with the staff record linked to `user`.
    public func hasAppointment(client: CustomerID, seenBy user: UserID, tenantId: TenantID, sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            """
            SELECT 1 AS found FROM appointments a JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
            WHERE a.tenant_id = \(bind: tenantId) AND a.client_id = \(bind: client) AND s.user_id = \(bind: user)
            LIMIT 1
            """
        ).first() != nil
    }
}
