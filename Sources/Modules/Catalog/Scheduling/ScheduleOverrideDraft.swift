import CRMCore
import Foundation

/// A new override as a client sends it, validated all at once.
///
/// Rules: `date` is `YYYY-MM-DD` and not before today (tenant-local); `kind` is `day_off`,
/// `custom_hours` or `blocked`; `day_off` takes no intervals (`intervals: not_allowed`), the
/// other two need at least one (`intervals: required`), each checked like a weekly schedule day
/// (`intervals[1]: off_grid` ...); `reason` is optional for every kind, at most 500 characters.
public struct ScheduleOverrideDraft: Sendable, Equatable {
    public static let maxReasonLength = 500

    public var date: LocalDate
    public var kind: ScheduleOverrideKind
    public var intervals: [MinuteRange]
    public var reason: String?

    public static func validate(date: String?, kind: String?, intervals: JSONValue?, reason: String?, today: LocalDate) throws(AppError)
        -> ScheduleOverrideDraft
    {
        var problems: [String: String] = [:]
        var parsedDate: LocalDate?
        if let date {
            if let value = LocalDate(iso: date) {
                if value < today { problems["date"] = "in_past" } else { parsedDate = value }
            } else {
                problems["date"] = "invalid"
            }
        } else {
            problems["date"] = "required"
        }
        var parsedKind: ScheduleOverrideKind?
        if let kind {
            parsedKind = ScheduleOverrideKind(rawValue: kind)
            if parsedKind == nil { problems["kind"] = "invalid" }
        } else {
            problems["kind"] = "required"
        }
        var ranges: [MinuteRange] = []
        let given = intervals == .null || intervals == .array([]) ? nil : intervals
        switch (parsedKind, given) {
        case (.dayOff, .some): problems["intervals"] = "not_allowed"
        case (.customHours, nil), (.blocked, nil): problems["intervals"] = "required"
        case (_, .some(let value)): ranges = ScheduleIntervals.parse(value, path: "intervals", into: &problems) ?? []
        case (_, nil): break
        }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let cleanReason = trimmed?.isEmpty == false ? trimmed : nil
        if let cleanReason, cleanReason.count > maxReasonLength { problems["reason"] = "too_long" }
        guard problems.isEmpty, let parsedDate, let parsedKind else { throw AppError.validation(problems) }
        return ScheduleOverrideDraft(date: parsedDate, kind: parsedKind, intervals: ranges, reason: cleanReason)
    }

    /// Whether this draft can sit beside `existing` overrides of the same owner and date: at most
    /// one day off or custom hours per date, nothing beside a day off, any number of blocks.
    public func conflicts(with existing: [ScheduleOverride]) -> Bool {
        switch kind {
        case .dayOff: !existing.isEmpty
        case .customHours: existing.contains { $0.kind.definesHours }
        case .blocked: existing.contains { $0.kind == .dayOff }
        }
    }
}
