import CRMCore
import Foundation

/// One staff member's offered starts, per local date (days without starts left out).
public struct OfferedStarts: Sendable, Equatable {
    public let staffId: StaffID
    public let days: [DaySlots]
}

extension AvailabilityService {
    /// The starts `GET /availability/slots` answers, without HTTP: for `bench/slots`, which calls
    /// the service directly. `staffId` nil: every active staff member who performs the service.
    public func offeredStarts(
        serviceId: ServiceID, staffId: StaffID?, from: Date, to: Date, tenantId: TenantID, zone: TimeZone, now: Date
    ) async throws -> [OfferedStarts] {
        let answer = try await slots(
            serviceId: serviceId, staffId: staffId, window: .init(from: from, to: to), scope: .init(tenantId: tenantId, zone: zone, now: now))
        return answer.staff.map { OfferedStarts(staffId: $0.staffId, days: $0.days) }
    }
}
