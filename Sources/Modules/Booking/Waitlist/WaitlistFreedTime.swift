import CRMCore
import Foundation
import Plans
import SQLKit
import Settings
import Tenancy

/// Watches the published events for time that frees up: a future booking cancelled (from a
/// time-holding status) or moved. For a studio with `calendar.autofill` and autofill switched on
/// it enqueues the first `waitlist.offer_next` of a new chain (the event's id), in the publisher's
/// transaction — idempotent by the job's unique key. The holds' own cancellations (a declined
/// offer) never start a chain: the offer's chain goes on by itself.
struct WaitlistFreedTime: DomainEventSubscriber {
    static let holding: Set<String> = Set(AppointmentStatus.holding.map(\.rawValue))

    func handle(_ event: PublishedEvent, on sql: any SQLDatabase, now: Date) async throws {
        guard event.entityType == "appointment", let source = AppointmentID(string: event.entityId) else { return }
        let p = event.payload
        let freed: (staff: String?, start: String?, end: String?)
        switch event.type {
        case "appointment.status_changed":
            guard WaitlistAutofill.string(p, "to") == "cancelled", Self.holding.contains(WaitlistAutofill.string(p, "from") ?? ""),
                WaitlistAutofill.string(p, "reason") != WaitlistAutofill.declinedReason
            else { return }
            freed = (WaitlistAutofill.string(p, "staffId"), WaitlistAutofill.string(p, "startsAt"), WaitlistAutofill.string(p, "holdsUntil"))
        case "appointment.rescheduled":
            freed = (
                WaitlistAutofill.string(p, "previousStaffId"), WaitlistAutofill.string(p, "previousStartsAt"),
                WaitlistAutofill.string(p, "previousHoldsUntil")
            )
        default: return
        }
        guard let staff = freed.staff.flatMap(StaffID.init(string:)), let start = WaitlistAutofill.instant(freed.start),
            let end = WaitlistAutofill.instant(freed.end), start > now
        else { return }
        // Cheap reads on the publisher's own connection; the job checks everything again when it runs.
        guard let tenant = try await TenantRecords.find(event.tenantId, on: sql), tenant.plan.includes(.calendarAutofill) else { return }
        let isLiveHold = try await WaitlistOffersRepository(sql: sql, tenantId: event.tenantId).live(holding: source) != nil
        // A live hold moved by the desk keeps its offer; one cancelled by the desk is withdrawn by the job.
        if isLiveHold, event.type == "appointment.rescheduled" { return }
        if !isLiveHold {
            guard try await WaitlistSettings.read(tenantId: event.tenantId, on: sql).autofill else { return }
        }
        try await WaitlistAutofill.enqueueNext(
            tenantId: event.tenantId, chainId: event.id, source: source, staff: staff, start: start, end: end, done: 0, now: now, on: sql)
    }
}
