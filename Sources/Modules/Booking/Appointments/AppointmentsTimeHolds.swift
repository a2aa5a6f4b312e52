import CRMCore
import Foundation
import SQLKit

/// The slot engine's holds, read from appointments: every appointment in a time-holding status
/// (pending, deposit_required, confirmed, in_progress) for the staff or rooms asked about,
/// service time then break.
public struct AppointmentsTimeHolds: TimeHolds {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Row: Decodable {
        let staffId: StaffID
        let roomId: RoomID?
        let startsAt: Date
        let endsAt: Date
        let holdsUntil: Date
    }

    public func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] {
        guard !staffIds.isEmpty || !roomIds.isEmpty else { return [] }
        var owners: [SQLQueryString] = []
        if !staffIds.isEmpty { owners.append("staff_id IN \(SQLBind.group(staffIds))") }
        if !roomIds.isEmpty { owners.append("room_id IN \(SQLBind.group(roomIds))") }
        let rows = try await database.sql.raw(
            """
            SELECT staff_id, room_id, starts_at, ends_at, holds_until FROM appointments
            WHERE tenant_id = \(bind: tenant) AND status IN \(SQLBind.group(AppointmentStatus.holding.map(\.rawValue)))
              AND starts_at < \(bind: interval.end) AND holds_until > \(bind: interval.start)
              AND (
            """ + owners.joined(separator: " OR ") + ")"
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return rows.map { TimeHold(staffId: $0.staffId, roomId: $0.roomId, start: $0.startsAt, breakStart: $0.endsAt, end: $0.holdsUntil) }
    }
}
