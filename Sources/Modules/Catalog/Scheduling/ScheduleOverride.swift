import CRMCore
import Foundation

/// What a dated exception does to the weekly hours of its day.
public enum ScheduleOverrideKind: String, Sendable, Codable, CaseIterable {
    /// Closed all day.
    case dayOff = "day_off"
    /// `intervals` replace the weekly intervals of that day.
    case customHours = "custom_hours"
    /// `intervals` are cut out of that day's hours (a doctor's visit, a private event).
    case blocked

    /// Day off and custom hours both say what the day's hours are: one of them per date.
    var definesHours: Bool { self != .blocked }
}

/// Whose hours an override changes: a staff member's or a location's.
public enum ScheduleOwner: Sendable, Hashable {
    case staff(StaffID)
    case location(LocationID)
}

/// A dated exception to a weekly schedule (SPEC §4 "apply date overrides"), on the tenant's
/// local calendar.
public struct ScheduleOverride: Sendable, Hashable {
    public var id: ScheduleOverrideID
    public var owner: ScheduleOwner
    public var date: LocalDate
    public var kind: ScheduleOverrideKind
    /// Empty for `day_off`; sorted, non-overlapping, on the grid otherwise.
    public var intervals: [MinuteRange]
    public var reason: String?
    public var createdAt: Date

    public init(
        id: ScheduleOverrideID, owner: ScheduleOwner, date: LocalDate, kind: ScheduleOverrideKind, intervals: [MinuteRange], reason: String?,
        createdAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.date = date
        self.kind = kind
        self.intervals = intervals
        self.reason = reason
        self.createdAt = createdAt
    }

    /// What the audit trail and the event keep; `date` and the owner's id are what a day-grid
    /// cache needs to drop exactly the affected day.
    public var auditSnapshot: JSONValue {
        var object: [String: JSONValue] = [
            "overrideId": .string(id.description), "date": .string(date.description), "kind": .string(kind.rawValue),
            "intervals": ScheduleIntervals.json(intervals), "reason": reason.map(JSONValue.string) ?? .null,
        ]
        switch owner {
        case .staff(let id): object["staffId"] = .string(id.description)
        case .location(let id): object["locationId"] = .string(id.description)
        }
        return .object(object)
    }
}

/// The open minutes of one day. Pure: the caller picks the weekday's intervals and that date's
/// overrides; no calendar arithmetic happens here.
public enum DayHours {
    /// `weekly` (the weekday's intervals) changed by `overrides` of that date: any day off
    /// closes the day, custom hours replace the weekly intervals, blocks are cut out.
    public static func open(weekly: [MinuteRange], overrides: [ScheduleOverride]) -> [MinuteRange] {
        if overrides.contains(where: { $0.kind == .dayOff }) { return [] }
        let base = overrides.first(where: { $0.kind == .customHours })?.intervals ?? weekly
        return base.subtracting(overrides.filter { $0.kind == .blocked }.flatMap(\.intervals))
    }
}
