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
        AppointmentsRepository.clientsSeenBy(user, tenantId: tenantId)
    }

    /// Whether `client` has an appointment with the staff record linked to `user`.
    public func hasAppointment(client: CustomerID, seenBy user: UserID, tenantId: TenantID, sql: any SQLDatabase) async throws -> Bool {
        try await AppointmentsRepository(sql: sql, tenantId: tenantId).hasAppointment(client: client, seenBy: user)
    }
}
