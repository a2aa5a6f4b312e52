import CRMCore
import Foundation

/// A client waiting for a time to free up (SPEC §5): a service, one staff member or any who
/// performs it, the weekdays and hours that suit her, from when and until when, a priority, and
/// the channel to reach her by. `active` until it is booked, cancelled or expires.
public struct WaitlistEntry: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active, offered, booked, expired, cancelled
    }

    public let id: WaitlistEntryID
    public let clientId: CustomerID
    public var serviceId: ServiceID
    /// nil: any staff member who performs the service.
    public var staffId: StaffID?
    /// ISO weekdays 1 (Monday)…7 that suit her; empty: any day.
    public var days: [Int]
    /// Local time windows `[start, end)` as minutes from midnight; empty: any time.
    public var windows: [MinuteWindow]
    /// The first local day she can come (nil: from today).
    public var notBefore: LocalDate?
    /// Past this instant (the midnight after her last day) the entry expires.
    public var expiresAt: Date?
    /// 1 (low) … 5 (urgent); 3 by default.
    public var priority: Int
    public var channel: String?
    public var notes: String?
    public var status: Status
    /// The booking made from it.
    public var appointmentId: AppointmentID?
    public let createdBy: UserID?
    public let createdAt: Date
    public var updatedAt: Date

    public struct MinuteWindow: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public static let defaultPriority = 3
    public static let priorities = 1...5
    public static let maxNotesLength = 500

    /// Whether it waits now: active and not past its expiry.
    public func isWaiting(at now: Date) -> Bool { status == .active && (expiresAt.map { now < $0 } ?? true) }

    var auditSnapshot: JSONValue {
        .object([
            "clientId": .string(clientId.description), "serviceId": .string(serviceId.description),
            "staffId": staffId.map { .string($0.description) } ?? .null, "days": .array(days.map { .int(Int64($0)) }),
            "windows": .array(windows.map { .array([.int(Int64($0.start)), .int(Int64($0.end))]) }),
            "notBefore": notBefore.map { .string($0.description) } ?? .null,
            "expiresAt": expiresAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null, "priority": .int(Int64(priority)),
            "channel": channel.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "appointmentId": appointmentId.map { .string($0.description) } ?? .null,
        ])
    }
}
