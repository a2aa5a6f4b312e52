import CRMCore
import Foundation
import SQLKit

/// Where a staff member's feed events come from (the appointments module).
public protocol CalendarFeedSource: Sendable {
    func events(tenant: TenantID, staff: StaffID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> [CalendarEvent]
}
