import CRMCore
import Foundation
import SQLKit
import Clients

extension AppointmentsRepository {
    /// A closed appointment as the client figures count it.
    struct ClosedVisit: Decodable {
        let clientId: CustomerID
        let status: String
        let startsAt: Date
        /// A closed appointment never changes again, so this is when it closed.
        let updatedAt: Date
    }

    /// Every completed, no-show and cancelled appointment of the tenant.
    func closedVisits() async throws -> [ClosedVisit] {
        try await sql.raw(
            """
            SELECT client_id, status, starts_at, updated_at FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND status IN ('completed', 'no_show', 'cancelled')
            """
        ).all(decoding: ClosedVisit.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

extension AppointmentDirectory {
    /// Each client's visit figures as the appointments say (the rebuild of `ClientFigures`): a
    /// cancellation counts as late when it was made less than `lateWindowHours` before the start
    /// (the studio's current window; none when 0). Spend is Billing's to say.
    public func clientFigures(lateWindowHours: Int) async throws -> [CustomerID: ClientFigures.Values] {
        var figures: [CustomerID: ClientFigures.Values] = [:]
        for visit in try await AppointmentsRepository(sql: sql, tenantId: tenantId).closedVisits() {
            var values = figures[visit.clientId] ?? ClientFigures.Values()
            switch visit.status {
            case AppointmentStatus.completed.rawValue:
                values.visits += 1
                values.lastVisitAt = max(values.lastVisitAt ?? visit.startsAt, visit.startsAt)
            case AppointmentStatus.noShow.rawValue:
                values.noShows += 1
            default:
                if lateWindowHours > 0, visit.startsAt.timeIntervalSince(visit.updatedAt) < TimeInterval(lateWindowHours * 3600) {
                    values.lateCancellations += 1
                }
            }
            figures[visit.clientId] = values
        }
        return figures
    }
}
