import CRMCore
import Foundation

/// How a waiting client ranks for a freed time (SPEC §5, `waitlist.smart`): the score is the sum
/// of its parts, and every part says why — so the operator (and a test) can check the order.
///
/// - `priority`: (priority − 1) × 5 — 0 … 20;
/// - `waited`: half a point per day waited, at most 20 (40 days);
/// - `window`: her preferred days and hours hold the whole visit → 25; she stated none → 15;
///   the day suits but not the hours → 5; the day does not suit → 0;
/// - `client_value`: one point per visit, at most 10;
/// - `no_show_risk`: −5 per no-show and −2 per late cancellation, at most −20.
public enum WaitlistRanking {
    /// `detail` is English for API readers; screens word it from `code` and `values`.
    public struct Part: Sendable, Equatable, Encodable {
        public let factor: String
        public let points: Int
        public let detail: String
        /// `window`: `any_time`, `preferred`, `day_only`, `day_not`.
        public let code: String?
        /// The figures behind the points (`priority`, `days`, `visits`, `noShows`, `lateCancels`).
        public let values: [String: Int]
    }

    /// The freed time as the studio's clock shows it.
    public struct Slot: Sendable, Equatable {
        public let date: LocalDate
        public let weekday: Int
        public let startMinute: Int
        public let endMinute: Int
    }

    public struct ClientFacts: Sendable, Equatable {
        public let visits: Int
        public let noShows: Int
        public let lateCancels: Int
    }

    public static func parts(_ entry: WaitlistEntry, visitMinutes: Int, slot: Slot, client: ClientFacts, now: Date) -> [Part] {
        let days = max(0, Int(now.timeIntervalSince(entry.createdAt) / 86_400))
        let visitEnd = slot.startMinute + visitMinutes
        let dayFits = entry.days.isEmpty || entry.days.contains(slot.weekday)
        let hoursFit = entry.windows.isEmpty || entry.windows.contains { $0.start <= slot.startMinute && visitEnd <= $0.end }
        let window: (Int, String, String) =
            entry.days.isEmpty && entry.windows.isEmpty ? (15, "any time suits", "any_time")
            : !dayFits ? (0, "the day does not suit", "day_not")
            : hoursFit ? (25, "her preferred day and hours", "preferred")
            : (5, "the day suits, the hours do not", "day_only")
        let risk = -min(20, client.noShows * 5 + client.lateCancels * 2)
        return [
            Part(factor: "priority", points: (entry.priority - 1) * 5, detail: "priority \(entry.priority) of 5", code: nil, values: ["priority": entry.priority]),
            Part(factor: "waited", points: min(days, 40) / 2, detail: "waiting \(days) days", code: nil, values: ["days": days]),
            Part(factor: "window", points: window.0, detail: window.1, code: window.2, values: [:]),
            Part(factor: "client_value", points: min(client.visits, 10), detail: "\(client.visits) visits", code: nil, values: ["visits": client.visits]),
            Part(
                factor: "no_show_risk", points: risk, detail: "\(client.noShows) no-shows, \(client.lateCancels) late cancellations", code: nil,
                values: ["noShows": client.noShows, "lateCancels": client.lateCancels]),
        ]
    }
}
