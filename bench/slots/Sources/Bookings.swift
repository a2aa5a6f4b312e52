import CRMCore
import Foundation
import Hummingbird
import Logging
import Modules
import NIOEmbedded
import Synchronization
import Tenancy

/// The booking write rate through the real create path (`AppointmentsService.create`: every field
/// checked, the overlap check and the insert in one transaction with the audit entry and event,
/// then the cache invalidation observer), as the route runs it minus the HTTP decoding.
struct BookingRun {
    let service: AppointmentsService
    let scope: TenantScope
    let studio: Studio

    init(service: AppointmentsService, studio: Studio, clock: any AppClock, logger: Logger) throws {
        // The owner books, as through the route; a plain scope needs no HTTP request.
        scope = TenantScope(
            tenant: studio.tenant, actor: .user(studio.owner.id, studio.owner.role), clock: clock, correlationId: "slots-bench", logger: logger)
        self.service = service
        self.studio = studio
    }

    /// Books `plan` with `writers` tasks (1: one after the other); a figure of the per-booking
    /// latencies with the rate in its note. Every booking must succeed (they never overlap).
    func book(_ plan: [Studio.Booking], writers: Int, name: String) async throws -> Figure {
        let queue = Queue()
        let clock = ContinuousClock()
        let started = clock.now
        let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<max(1, writers) {
                group.addTask { [self] in
                    var samples: [Double] = []
                    while true {
                        let index = queue.take()
                        guard index < plan.count else { return samples }
                        let booking = plan[index]
                        let start = clock.now
                        let made = try await service.create(json: booking.json(serviceId: studio.serviceId), scope: scope)
                        samples.append((clock.now - start).milliseconds)
                        guard made.endsAt.timeIntervalSince(made.startsAt) == Double(Studio.serviceMinutes * 60) else {
                            throw BenchFailure("booking \(booking.startsAt) has the wrong length")
                        }
                    }
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let seconds = (clock.now - started).milliseconds / 1000
        try check(samples.count == plan.count, "\(samples.count) of \(plan.count) bookings made")
        return Figure(
            name: name, samples: samples,
            note: String(
                format: "%.0f bookings/s (%d in %.1f s, %d writer%@)", Double(plan.count) / seconds, plan.count, seconds, writers,
                writers == 1 ? "" : "s"))
    }
}

/// Hands out plan indexes to the writers, each once.
private final class Queue: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
