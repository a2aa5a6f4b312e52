import Modules
import Testing

/// Every legal and every illegal transition of the SPEC §4 machine, table-driven.
@Suite struct AppointmentStatusTests {
    /// SPEC §4, written out independently of the implementation.
    static let legal: Set<String> = [
        "draft>pending", "draft>cancelled",
        "pending>deposit_required", "pending>confirmed", "pending>cancelled", "pending>expired",
        "deposit_required>confirmed", "deposit_required>cancelled", "deposit_required>expired",
        "confirmed>in_progress", "confirmed>cancelled", "confirmed>no_show",
        "in_progress>completed", "in_progress>cancelled",
    ]

    static let pairs: [(AppointmentStatus, AppointmentStatus)] = AppointmentStatus.allCases.flatMap { from in
        AppointmentStatus.allCases.map { (from, $0) }
    }

    @Test(arguments: pairs)
    func eachPairIsLegalExactlyWhenTheSpecSaysSo(from: AppointmentStatus, to: AppointmentStatus) {
        #expect(from.canMove(to: to) == Self.legal.contains("\(from.rawValue)>\(to.rawValue)"), "\(from.rawValue) -> \(to.rawValue)")
    }

    @Test func terminalAndHoldingStatusesAreThoseOfTheSpec() {
        #expect(Set(AppointmentStatus.allCases.filter(\.isTerminal)) == [.completed, .cancelled, .noShow, .expired])
        #expect(Set(AppointmentStatus.holding) == [.pending, .depositRequired, .confirmed, .inProgress])
        #expect(Self.pairs.count == 81)
    }
}
