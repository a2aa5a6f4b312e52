import CRMCore
import Foundation
import Catalog

/// Time an appointment holds for its staff member and room: `[start, end)`, the last part of
/// which (`breakStart..<end`) is the break after the service (SPEC §4).
public struct TimeHold: Sendable, Hashable {
    public var staffId: StaffID?
    public var roomId: RoomID?
    public var start: Date
    /// Where the service ends and its break begins (`== end` when there is no break).
    public var breakStart: Date
    /// The end of the break.
    public var end: Date

    public init(staffId: StaffID?, roomId: RoomID?, start: Date, breakStart: Date? = nil, end: Date) {
        self.staffId = staffId
        self.roomId = roomId
        self.start = start
        self.breakStart = breakStart ?? end
        self.end = end
    }
}

/// How long a service keeps its staff member (and room) busy, in grid cells.
public struct ServiceTiming: Sendable, Hashable {
    public let serviceId: ServiceID
    public let durationMinutes: Int
    public let breakMinutes: Int
    public let active: Bool

    public init(serviceId: ServiceID, durationMinutes: Int, breakMinutes: Int, active: Bool = true) {
        self.serviceId = serviceId
        self.durationMinutes = durationMinutes
        self.breakMinutes = breakMinutes
        self.active = active
    }

    /// Duration + break rounded up to whole cells: 50 + 5 minutes is 4 cells (an hour).
    public var cells: Int { Swift.max(1, (durationMinutes + breakMinutes + DayGrid.cellMinutes - 1) / DayGrid.cellMinutes) }

    /// The service alone, rounded up (to tell "the break does not fit" from "the service does not").
    public var serviceCells: Int { Swift.max(1, (durationMinutes + DayGrid.cellMinutes - 1) / DayGrid.cellMinutes) }
}

/// The free starts of one staff member on one local date.
public struct DaySlots: Sendable, Equatable {
    public let date: LocalDate
    public let starts: [Date]
}

/// Product rules of the slot engine.
public enum AvailabilityRules {
    /// Slots are offered on this many local dates: today and the 59 after it.
    public static let horizonDays = 60
}
