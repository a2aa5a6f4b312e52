import CRMCore
import Foundation
import Booking
import Catalog

/// One chat's place in the booking conversation. `flow` changes when a new booking, cancel or
/// move starts; every button carries it, so a button of an older flow is answered "out of date"
/// instead of acting on the new one. Within a flow, an earlier message's buttons still work
/// (choosing another day from the day list above).
struct TelegramBotState: Codable, Equatable, Sendable {
    enum Step: String, Codable, Sendable {
        /// Nothing under way.
        case idle
        /// Waiting for the phone from the contact button.
        case contact
        /// Choosing service, master, day and start; `confirm` once a start is picked.
        case choosing, confirm
        /// Asked whether to cancel `appointmentId`.
        case cancelling
        /// The flow's action ran; its buttons are spent.
        case done
    }

    var step: Step = .idle
    var flow: String
    var serviceId: ServiceID?
    /// nil: any master who performs the service.
    var staffId: StaffID?
    var startsAt: Date?
    /// The appointment being moved (with `choosing`/`confirm`) or cancelled.
    var appointmentId: AppointmentID?

    static func fresh() -> TelegramBotState { TelegramBotState(flow: newFlow()) }

    static func newFlow() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }

    /// A conversation left alone this long starts over.
    static let lifetime: TimeInterval = 24 * 3600
}

/// What a button press says: `<flow>:<verb>[:<argument>]`, at most Telegram's 64 bytes.
struct TelegramBotButton: Equatable, Sendable {
    enum Verb: String, Sendable {
        case menu = "h", book = "b", mine = "m"
        case service = "s", staff = "p", days = "l", day = "d", start = "t", confirm = "y"
        case askCancel = "c", cancel = "x", move = "r"
        /// A waitlist offer's buttons (`WaitlistOfferMessages`): accept or decline offer `argument`.
        case offerAccept = "oa", offerDecline = "od"
    }

    var flow: String
    var verb: Verb
    var argument: String?

    var data: String { [flow, verb.rawValue, argument].compactMap { $0 }.joined(separator: ":") }

    init(flow: String, _ verb: Verb, _ argument: String? = nil) {
        self.flow = flow
        self.verb = verb
        self.argument = argument
    }

    init?(data: String) {
        let parts = data.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let verb = Verb(rawValue: parts[1]) else { return nil }
        self.init(flow: parts[0], verb, parts.count > 2 ? parts[2] : nil)
    }

    /// The menu's own buttons work from any message: they start something new.
    var startsFlow: Bool { [.menu, .book, .mine, .askCancel, .move, .offerAccept, .offerDecline].contains(verb) }
}
