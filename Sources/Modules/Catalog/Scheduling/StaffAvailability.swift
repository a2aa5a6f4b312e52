import CRMCore
import Foundation

/// Everything that bounds one staff member's working days: their hours and their location's,
/// with the dated overrides of both, keyed by local date.
public struct StaffAvailability: Sendable {
    public let staffId: StaffID
    public let userId: UserID?
    public let active: Bool
    public let locationId: LocationID
    public let locationActive: Bool
    public let schedule: WeeklySchedule
    public let locationSchedule: WeeklySchedule
    public let serviceIds: Set<ServiceID>
    public var overrides: [LocalDate: [ScheduleOverride]]
    public var locationOverrides: [LocalDate: [ScheduleOverride]]

    public init(
        staffId: StaffID, userId: UserID? = nil, active: Bool = true, locationId: LocationID, locationActive: Bool = true,
        schedule: WeeklySchedule, locationSchedule: WeeklySchedule, serviceIds: Set<ServiceID>,
        overrides: [LocalDate: [ScheduleOverride]] = [:], locationOverrides: [LocalDate: [ScheduleOverride]] = [:]
    ) {
        self.staffId = staffId
        self.userId = userId
        self.active = active
        self.locationId = locationId
        self.locationActive = locationActive
        self.schedule = schedule
        self.locationSchedule = locationSchedule
        self.serviceIds = serviceIds
        self.overrides = overrides
        self.locationOverrides = locationOverrides
    }
}

/// An active room that can host a service, and where it is.
public struct RoomPlace: Sendable, Hashable {
    public let roomId: RoomID
    public let locationId: LocationID

    public init(roomId: RoomID, locationId: LocationID) {
        self.roomId = roomId
        self.locationId = locationId
    }
}
