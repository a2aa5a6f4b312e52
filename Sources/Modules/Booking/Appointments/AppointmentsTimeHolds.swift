import CRMCore
import Foundation
import SQLKit

/// The slot engine's holds, read from appointments: every appointment in a time-holding status
/// (pending, deposit_required, confirmed, in_progress) for the staff or rooms asked about,
/// service time then break.
public struct AppointmentsTimeHolds: TimeHolds {
    let database: Database

    public init(database: Database) { self.database = database }

    public func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] {
        guard !staffIds.isEmpty || !roomIds.isEmpty else { return [] }
        let rows = try await AppointmentsRepository(sql: database.sql, tenantId: tenant).holds(staffIds: staffIds, roomIds: roomIds, in: interval)
        return rows.map { TimeHold(staffId: $0.staffId, roomId: $0.roomId, start: $0.startsAt, breakStart: $0.endsAt, end: $0.holdsUntil) }
    }
}
