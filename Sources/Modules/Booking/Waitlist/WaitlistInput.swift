import CRMCore
import Foundation

/// `POST /waitlist` and `PATCH /waitlist/{id}`: `{clientId, serviceId, staffId?, days?, windows?,
/// notBefore?, expiresOn?, priority?, channel?, notes?}`. `null` clears an optional field on
/// PATCH (`staffId: null` is "any staff member"); the client never changes on PATCH.
struct WaitlistInput: Sendable {
    var clientId: BodyField<CustomerID>
    var serviceId: BodyField<ServiceID>
    var staffId: BodyField<StaffID>
    var days: [Int]?
    var windows: [WaitlistEntry.MinuteWindow]?
    var notBefore: BodyField<LocalDate>
    /// The last local day she can come.
    var expiresOn: BodyField<LocalDate>
    var priority: Int?
    var channel: BodyField<String>
    var notes: BodyField<String>
    var problems: [String: String]

    static let channels: Set<String> = ["sms", "email", "telegram"]
    static let maxWindows = 6

    static func read(_ body: BodyFields, creating: Bool) -> WaitlistInput {
        var fields = body
        let clientId: BodyField<CustomerID> = fields.id("clientId")
        let serviceId: BodyField<ServiceID> = fields.id("serviceId")
        let staffId: BodyField<StaffID> = fields.id("staffId")
        let days = fields.array("days")
        let windows = fields.array("windows")
        let notBefore = date(&fields, "notBefore")
        let expiresOn = date(&fields, "expiresOn")
        let priority = fields.integer("priority")
        let channel = fields.text("channel", maxLength: 20)
        let notes = fields.text("notes", maxLength: WaitlistEntry.maxNotesLength)
        fields.require("clientId", clientId, creating: creating)
        fields.require("serviceId", serviceId, creating: creating)
        fields.require("days", days, creating: false)
        fields.require("windows", windows, creating: false)
        fields.require("priority", priority, creating: false)
        if !creating, !clientId.isAbsent, fields.problems["clientId"] == nil { fields.problem("clientId", "read_only") }
        if let value = priority.value, !WaitlistEntry.priorities.contains(value) { fields.problem("priority", "out_of_range") }
        if let value = channel.value, !channels.contains(value) { fields.problem("channel", "invalid") }
        var dayList: [Int]?
        if let list = days.value {
            dayList = []
            for (index, item) in list.enumerated() {
                guard case .number(let number) = item, let day = Int(exactly: NSDecimalNumber(decimal: number).doubleValue), (1...7).contains(day)
                else {
                    fields.problem("days.\(index)", "invalid")
                    continue
                }
                if !dayList!.contains(day) { dayList!.append(day) }
            }
            dayList!.sort()
        }
        var windowList: [WaitlistEntry.MinuteWindow]?
        if let list = windows.value {
            if list.count > maxWindows { fields.problem("windows", "too_many") }
            windowList = []
            for (index, item) in list.enumerated() {
                guard case .array(let pair) = item, pair.count == 2, case .string(let from) = pair[0], case .string(let to) = pair[1],
                    let start = minutes(from), let end = minutes(to)
                else {
                    fields.problem("windows.\(index)", "invalid")
                    continue
                }
                guard end > start else {
                    fields.problem("windows.\(index)", "ends_before_start")
                    continue
                }
                windowList!.append(.init(start: start, end: end))
            }
        }
        if let first = notBefore.value, let last = expiresOn.value, last < first { fields.problem("expiresOn", "before_not_before") }
        return WaitlistInput(
            clientId: clientId, serviceId: serviceId, staffId: staffId, days: dayList, windows: windowList, notBefore: notBefore,
            expiresOn: expiresOn, priority: priority.value, channel: channel, notes: notes, problems: fields.problems)
    }

    /// `YYYY-MM-DD`, or null.
    private static func date(_ fields: inout BodyFields, _ key: String) -> BodyField<LocalDate> {
        switch fields.text(key, maxLength: 10) {
        case .absent: return .absent
        case .null: return .null
        case .value(let text):
            guard let date = LocalDate(iso: text) else {
                fields.problem(key, "invalid_date")
                return .absent
            }
            return .value(date)
        }
    }

    /// `HH:MM` on the quarter hour grid is not required here: any minute of the day, 00:00–24:00.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
            (0...59).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    static func format(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
