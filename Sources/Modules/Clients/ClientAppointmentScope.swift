import CRMCore
import Foundation
import SQLKit

/// What the clients module asks of bookings for a specialist's scope (SPEC §1: "own appointments
/// and their clients"). Declared here, implemented by the appointments module, wired by the
/// registry: clients never read the appointments table themselves.
public protocol ClientAppointmentScope: Sendable {
    /// A condition over `clients`: the ids of clients with an appointment with the staff record
    /// linked to `user`.
    func clientsSeenBy(_ user: UserID, tenantId: TenantID) -> SQLQueryString

    /// Whether `client` has an appointment with the staff record linked to `user`.
    func hasAppointment(client: CustomerID, seenBy user: UserID, tenantId: TenantID, sql: any SQLDatabase) async throws -> Bool
}
