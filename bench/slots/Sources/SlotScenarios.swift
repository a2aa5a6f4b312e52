import CRMCore
import Foundation
import Modules
import Synchronization

/// The slot figures of issue 5: one staff member × 60 days cold and warm, "any staff" × 60 days
/// cold and warm, at the service level (`AvailabilityService` called directly) and warm through
/// the HTTP route in process. Every answer is checked against the reference before it counts.
struct SlotScenarios {
    let studio: Studio
    let database: Database
    let api: InProcessAPI
    /// The service behind `api`, its cache warmed by the bench.
    let warm: AvailabilityService
    let warmCache: DayGridCache
    let stopwatch: Stopwatch
    /// Every staff member's starts, computed without a cache.
    let reference: [StaffID: [DaySlots]]

    /// Days a request covers in the cache: the range and the day after it (spans may cross midnight).
    var coveredDays: Int { studio.dates.count + 1 }

    func starts(_ service: AvailabilityService, staffId: StaffID?) async throws -> [OfferedStarts] {
        try await service.offeredStarts(
            serviceId: studio.serviceId, staffId: staffId, from: studio.from, to: studio.to, tenantId: studio.tenant.id, zone: studio.zone,
            now: studio.now)
    }

    /// A service with an empty cache of its own: the grids are computed (and stored) on this request.
    func cold(holds: TimedHolds) -> (AvailabilityService, DayGridCache) {
        let cache = DayGridCache()
        return (AvailabilityService(database: database, holds: holds, cache: cache), cache)
    }

    func matches(_ answer: [OfferedStarts], staff: [StaffID]) throws {
        try check(
            answer.map(\.staffId).sorted { $0.description < $1.description } == staff.sorted { $0.description < $1.description }, "staff answered")
        for member in answer { try check(member.days == reference[member.staffId], "starts of \(member.staffId) differ from the reference") }
    }

    func run() async throws -> [Figure] {
        let staff = studio.staffIds
        var figures: [Figure] = []
        let holdsTimes = TimedHolds.Times()

        var figure = try await stopwatch.measure(
            "(a) one staff x \(studio.dates.count) days, cold",
            prepare: { index in (staff[index % staff.count], cold(holds: TimedHolds(database: database, times: holdsTimes))) },
            run: { staffId, cold in try await starts(cold.0, staffId: staffId) },
            verify: { _, prepared, answer in
                let cache = prepared.1.1
                try check(
                    cache.hits == 0 && cache.misses > 0 && cache.count == coveredDays,
                    "cold run computed (misses \(cache.misses), stored \(cache.count))")
                try matches(answer, staff: [prepared.0])
            })
        figure.note = "of which the holds query p50 \(Report.ms(holdsTimes.percentile(0.5, last: figure.count))) ms"
        figures.append(figure)

        for member in staff { _ = try await starts(warm, staffId: member) }
        figures.append(
            try await stopwatch.measure(
                "(b) one staff x \(studio.dates.count) days, warm",
                prepare: { index in (staff[index % staff.count], warmCache.hits, warmCache.misses) },
                run: { staffId, _, _ in try await starts(warm, staffId: staffId) },
                verify: { _, before, answer in
                    try check(warmCache.hits == before.1 + coveredDays && warmCache.misses == before.2, "warm run served from the cache")
                    try matches(answer, staff: [before.0])
                }))

        figure = try await stopwatch.measure(
            "(c) any staff (\(staff.count)) x \(studio.dates.count) days, cold",
            prepare: { _ in cold(holds: TimedHolds(database: database, times: holdsTimes)) },
            run: { service, _ in try await starts(service, staffId: nil) },
            verify: { _, prepared, answer in
                try check(prepared.1.hits == 0 && prepared.1.count == coveredDays * staff.count, "cold run computed every staff member")
                try matches(answer, staff: staff)
            })
        figure.note = "of which the holds query p50 \(Report.ms(holdsTimes.percentile(0.5, last: figure.count))) ms"
        figures.append(figure)

        figures.append(
            try await stopwatch.measure(
                "(c) any staff (\(staff.count)) x \(studio.dates.count) days, warm",
                prepare: { _ in (warmCache.hits, warmCache.misses) },
                run: { _ in try await starts(warm, staffId: nil) },
                verify: { _, before, answer in
                    try check(
                        warmCache.hits == before.0 + coveredDays * staff.count && warmCache.misses == before.1, "warm run served from the cache")
                    try matches(answer, staff: staff)
                }))

        figures.append(try await http("HTTP GET /availability/slots one staff, warm", staffId: staff[0]))
        figures.append(try await http("HTTP GET /availability/slots any staff, warm", staffId: nil))
        return figures
    }

    /// The slots route through the router (authentication, query parsing, JSON answer), warm cache.
    func http(_ name: String, staffId: StaffID?) async throws -> Figure {
        struct Body: Decodable {
            struct Staff: Decodable {
                struct Day: Decodable { let starts: [String] }
                let staffId: String
                let days: [Day]
            }
            let staff: [Staff]
        }
        let path =
            "/api/v1/availability/slots?serviceId=\(studio.serviceId)&from=\(studio.dates.first!)&to=\(studio.dates.last!)"
            + (staffId.map { "&staffId=\($0)" } ?? "")
        let expected = (staffId.map { [$0] } ?? studio.staffIds).map { reference[$0]!.reduce(0) { $0 + $1.starts.count } }.reduce(0, +)
        return try await stopwatch.measure(
            name, prepare: { _ in warmCache.misses },
            run: { _ in try await api.ok(.get, path, token: studio.token) },
            verify: { _, misses, answer in
                let body = try answer.decoded(Body.self)
                let count = body.staff.reduce(0) { $0 + $1.days.reduce(0) { $0 + $1.starts.count } }
                try check(count == expected && warmCache.misses == misses, "HTTP answered \(count) starts (expected \(expected)), from the cache")
            })
    }
}

/// `AppointmentsTimeHolds` with its query timed (the phase profile of a cold request).
struct TimedHolds: TimeHolds {
    final class Times: Sendable {
        let samples = Mutex<[Double]>([])

        /// The percentile of the last `count` samples (the timed runs, after the warm-ups).
        func percentile(_ fraction: Double, last count: Int) -> Double {
            Figure(name: "", samples: Array(samples.withLock { $0 }.suffix(count))).percentile(fraction)
        }
    }

    let base: AppointmentsTimeHolds
    let times: Times

    init(database: Database, times: Times) {
        base = AppointmentsTimeHolds(database: database)
        self.times = times
    }

    func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] {
        let clock = ContinuousClock()
        let start = clock.now
        let holds = try await base.holds(tenant: tenant, staffIds: staffIds, roomIds: roomIds, in: interval)
        let elapsed = (clock.now - start).milliseconds
        times.samples.withLock { $0.append(elapsed) }
        return holds
    }
}
