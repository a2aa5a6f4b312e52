import CRMCore
import Foundation
import Settings

/// The studio's quiet hours (notification settings, local wall time): a message due inside them
/// waits for their end (SPEC §7). A window may cross midnight (`21:00–09:00`) or not
/// (`13:00–14:00`); its end is resolved per the tenant's zone, so DST days are right.
enum QuietHoursWindow {
    /// When a message due at `due` may go out: `due` itself outside quiet hours, else the
    /// instant the quiet hours end.
    static func release(_ due: Date, quiet: QuietHours?, zone: TimeZone) -> Date {
        guard let quiet, let start = LocalTimeOfDay(hhmm: quiet.start), let end = LocalTimeOfDay(hhmm: quiet.end), start != end else {
            return due
        }
        let local = TenantTime.localDateTime(of: due, in: zone)
        let time = local.time.secondsSinceMidnight
        let (from, to) = (start.secondsSinceMidnight, end.secondsSinceMidnight)
        let endDate: LocalDate
        if from < to {
            guard time >= from, time < to else { return due }
            endDate = local.date
        } else if time >= from {
            endDate = local.date.adding(days: 1)
        } else if time < to {
            endDate = local.date
        } else {
            return due
        }
        switch TenantTime.resolve(LocalDateTime(date: endDate, time: end), in: zone) {
        case .unique(let instant): return max(instant, due)
        case .ambiguous(let earlier, _): return max(earlier, due)
        case .nonexistent(let nextValid): return max(nextValid, due)
        }
    }
}
