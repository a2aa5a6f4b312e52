import CRMCore
import Foundation
import Tenancy

extension AppointmentsService {
    /// `POST /appointments` without HTTP: the same checks, hold and transaction as the route, from
    /// the JSON body the route takes. For `bench/slots`, which measures the booking write rate.
    public func create(json: Data, scope: TenantScope) async throws -> (id: AppointmentID, startsAt: Date, endsAt: Date) {
        let fields = BodyFields(try JSONDecoder().decode(BodyValue.self, from: json))
        guard fields.isObject else { throw AppError.validation(fields.problems) }
        let appointment = try await create(AppointmentInput.create(fields, timeZone: scope.timeZone), scope: scope)
        return (appointment.id, appointment.startsAt, appointment.endsAt)
    }
}
