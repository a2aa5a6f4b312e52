import CRMCore
import Foundation
import Tenancy
import Catalog

/// Who and where an appointment would be: the checked staff member, service and room.
struct AppointmentPlacement: Sendable {
    let staff: StaffMember
    let service: StudioService
    let room: Room?
}

/// The booking rules that need the database (SPEC §4): the staff member is active (and, for a
/// specialist, their own record), performs the service; the room hosts it at the staff member's
/// location; the start is on the 15-minute local grid and not in the past. Each problem is added
/// to `problems` under its field, so one answer names them all.
struct AppointmentRules: Sendable {
    let database: Database
    let tenantId: TenantID

    static let gridMinutes = 15

    /// The staff member for `staffId`, or nil with a problem. Unknown, another tenant's and (for
    /// a specialist) someone else's are all `not_found`.
    func staff(_ staffId: StaffID, scope: AppointmentScope, into problems: inout [String: String]) async throws -> StaffMember? {
        guard scope.allows(staffId), let member = try await CatalogDirectory(sql: database.sql, tenantId: tenantId).staffMember(staffId) else {
            problems["staffId"] = "not_found"
            return nil
        }
        guard member.active else {
            problems["staffId"] = "inactive"
            return nil
        }
        return member
    }

    /// The service for `serviceId`; inactive services are refused unless `allowInactive` (a
    /// reschedule keeps the service it was booked with).
    func service(_ serviceId: ServiceID, allowInactive: Bool, into problems: inout [String: String]) async throws -> StudioService? {
        guard let service = try await ServicesRepository(sql: database.sql, tenantId: tenantId).find(serviceId) else {
            problems["serviceId"] = "not_found"
            return nil
        }
        if !service.active && !allowInactive {
            problems["serviceId"] = "inactive"
            return nil
        }
        return service
    }

    /// The room for `roomId`: active, hosting `service`, at the staff member's location.
    func room(_ roomId: RoomID, service: StudioService?, staff: StaffMember?, into problems: inout [String: String]) async throws -> Room? {
        guard let room = try await CatalogDirectory(sql: database.sql, tenantId: tenantId).room(roomId) else {
            problems["roomId"] = "not_found"
            return nil
        }
        if !room.active {
            problems["roomId"] = "inactive"
        } else if let service, !room.serviceIds.contains(service.id) {
            problems["roomId"] = "service_not_hosted"
        } else if let staff, room.locationId != staff.locationId {
            problems["roomId"] = "other_location"
        }
        return room
    }

    /// The staff member must perform the service (`staff_services`).
    static func performs(_ staff: StaffMember?, _ service: StudioService?, into problems: inout [String: String]) {
        guard let staff, let service, !staff.serviceIds.contains(service.id) else { return }
        problems["serviceId"] = "not_performed_by_staff"
    }

    /// On the tenant's local 15-minute grid (whole minutes), and not before `now`.
    static func start(_ start: Date, now: Date, timeZone: TimeZone, into problems: inout [String: String]) {
        let local = TenantTime.localDateTime(of: start, in: timeZone)
        if local.time.minute % gridMinutes != 0 || local.time.second != 0 || local.nanosecond != 0 {
            problems["startsAt"] = "off_grid"
        } else if start < now {
            problems["startsAt"] = "in_past"
        }
    }
}

/// Which appointments the caller may see and change (SPEC §1): everyone's, or — for a specialist —
/// only those of the staff record linked to their user (none when there is no such record).
enum AppointmentScope: Sendable, Equatable {
    case all
    case staff(StaffID?)

    func allows(_ staffId: StaffID) -> Bool {
        switch self {
        case .all: true
        case .staff(let own): own == staffId
        }
    }

    static func of(_ scope: TenantScope, database: Database) async throws -> AppointmentScope {
        guard case .ownedBy(let user) = scope.recordScope else { return .all }
        return .staff(try await CatalogDirectory(sql: database.sql, tenantId: scope.tenantId).staffMember(linkedTo: user)?.id)
    }
}
