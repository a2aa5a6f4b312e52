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
    public struct Part: Sendable, Equatable, Encodable {
        public let factor: String
        public let points: Int
        public let detail: String
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
        let window: (Int, String) =
            entry.days.isEmpty && entry.windows.isEmpty ? (15, "any time suits")
            : !dayFits ? (0, "the day does not suit")
            : hoursFit ? (25, "her preferred day and hours")
            : (5, "the day suits, the hours do not")
        let risk = -min(20, client.noShows * 5 + client.lateCancels * 2)
        return [
            Part(factor: "priority", points: (entry.priority - 1) * 5, detail: "priority \(entry.priority) of 5"),
            Part(factor: "waited", points: min(days, 40) / 2, detail: "waiting \(days) days"),
            Part(factor: "window", points: window.0, detail: window.1),
            Part(factor: "client_value", points: min(client.visits, 10), detail: "\(client.visits) visits"),
            Part(factor: "no_show_risk", points: risk, detail: "\(client.noShows) no-shows, \(client.lateCancels) late cancellations"),
        ]
    }
}
