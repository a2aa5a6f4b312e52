/// The appointment state machine of SPEC §4. Transitions happen only through the appointments
/// service, which checks `canMove(to:)`; anything else is `409 invalid_transition`.
///
/// ```
/// draft            -> pending, cancelled
/// pending          -> deposit_required, confirmed, cancelled, expired
/// deposit_required -> confirmed, cancelled, expired
/// confirmed        -> in_progress, cancelled, no_show
/// in_progress      -> completed, cancelled
/// completed, cancelled, no_show, expired: terminal
/// ```
public enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case draft, pending
    case depositRequired = "deposit_required"
    case confirmed
    case inProgress = "in_progress"
    case completed, cancelled
    case noShow = "no_show"
    case expired

    /// The statuses this one may move to.
    public var next: Set<AppointmentStatus> {
        switch self {
        case .draft: [.pending, .cancelled]
        case .pending: [.depositRequired, .confirmed, .cancelled, .expired]
        case .depositRequired: [.confirmed, .cancelled, .expired]
        case .confirmed: [.inProgress, .cancelled, .noShow]
        case .inProgress: [.completed, .cancelled]
        case .completed, .cancelled, .noShow, .expired: []
        }
    }

    public func canMove(to status: AppointmentStatus) -> Bool { next.contains(status) }

    public var isTerminal: Bool { next.isEmpty }

    /// Statuses whose appointment holds its staff's (and room's) time, break included: two of
    /// these can never overlap for one staff member.
    public var holdsTime: Bool {
        switch self {
        case .pending, .depositRequired, .confirmed, .inProgress: true
        case .draft, .completed, .cancelled, .noShow, .expired: false
        }
    }

    public static let holding: [AppointmentStatus] = allCases.filter(\.holdsTime)
}
