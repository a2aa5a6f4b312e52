import CRMCore
import Foundation
import Logging
import Modules
import Synchronization

/// `bench/slots` (issue 5): seeds one studio, books it through the real create path (the write
/// rate) and times the slot engine cold, warm and for "any staff". See bench/slots/README.md.
@main
struct SlotsBench {
    static func main() async {
        do {
            let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            try await run(options)
        } catch {
            FileHandle.standardError.write(Data("SlotsBench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func say(_ text: String) { print("==> \(text)") }

    static func run(_ options: BenchOptions) async throws {
        var logger = Logger(label: "slots-bench")
        logger.logLevel = .warning
        let clock = ContinuousClock()
        var phase = clock.now
        func took() -> String {
            defer { phase = clock.now }
            return String(format: "%.1f s", (clock.now - phase).milliseconds / 1000)
        }

        let store = try await BenchDatabase.open(options, logger: logger)
        do {
            let database = store.database
            say("\(store.label): migrated (\(took()))")

            // Wired as the server wires them (Application+build): one cache, kept current after every commit.
            let warmCache = DayGridCache()
            database.observeCommits(AvailabilityInvalidator(cache: warmCache, database: database))
            let availability = AvailabilityService(database: database, holds: AppointmentsTimeHolds(database: database), cache: warmCache)
            let settings = SettingsService(database: database)
            let appointments = AppointmentsService(
                database: database, clients: ClientsService(database: database, settings: settings, appointments: AppointmentClientScope()), settings: settings)

            // The studio's "now" is known only after seeding; the API's clock reads it from this box.
            let now = NowBox()
            let api = InProcessAPI(database: database, clock: now, availability: availability, appointments: appointments, logger: logger)
            let studio = try await Studio.seed(api: api, database: database, options: options)
            now.set(studio.now)
            say(
                "studio: \(studio.staffIds.count) staff, \(studio.dates.count) days from \(studio.dates.first!) (\(studio.workingDates.count) working), \(Studio.zoneName) (\(took()))"
            )

            // (d) the booking write rate; also the seed: perDay bookings per staff and working day.
            let plan = studio.bookings(perDay: options.perDay, concurrentPerDay: min(2, options.perDay))
            let booking = try BookingRun(service: appointments, studio: studio, clock: now, logger: logger)
            let sequential = try await booking.book(plan.filter { !$0.concurrent }, writers: 1, name: "(d) booking create, sequential")
            say("booked \(sequential.count) one after the other: \(sequential.note)")
            let concurrent = try await booking.book(
                plan.filter(\.concurrent), writers: options.writers, name: "(d) booking create, \(options.writers) concurrent")
            say("booked \(concurrent.count) with \(options.writers) concurrent tasks: \(concurrent.note)")
            let stored = try await store.count("appointments", tenant: studio.tenant.id)
            try check(stored == plan.count, "\(stored) appointments stored, \(plan.count) booked")

            let reference = try await referenceStarts(studio, database: database, perDay: options.perDay)
            say("reference answer: \(studio.expectedStartsPerWorkingDay(perDay: options.perDay)) starts per staff and working day (\(took()))")

            let scenarios = SlotScenarios(
                studio: studio, database: database, api: api, warm: availability, warmCache: warmCache,
                stopwatch: Stopwatch(iterations: options.iterations, maxSeconds: options.maxSeconds), reference: reference)
            let profile = Profile(studio: studio, database: database, stopwatch: scenarios.stopwatch)
            let figures = try await scenarios.run() + [sequential, concurrent] + profile.run()
            say("measured (\(took()))")

            Report.print(
                figures,
                title:
                    "\(store.label), \(stored) appointments (\(options.perDay)/staff/working day), \(ProcessInfo.processInfo.activeProcessorCount) cores"
            )
            if let file = options.resultsFile { try Report.append(figures, database: store.label, to: file) }
        } catch {
            try? await store.cleanup()
            throw error
        }
        try await store.cleanup()
    }

    /// Every staff member's starts without a cache, checked against the plan: each working day
    /// offers exactly the free stretch's starts, Sundays nothing.
    static func referenceStarts(_ studio: Studio, database: Database, perDay: Int) async throws -> [StaffID: [DaySlots]] {
        let uncached = AvailabilityService(database: database, holds: AppointmentsTimeHolds(database: database))
        let expected = studio.expectedStartsPerWorkingDay(perDay: perDay)
        try check(expected > 0, "the plan leaves room for a start each working day")
        var reference: [StaffID: [DaySlots]] = [:]
        for staffId in studio.staffIds {
            let answer = try await uncached.offeredStarts(
                serviceId: studio.serviceId, staffId: staffId, from: studio.from, to: studio.to, tenantId: studio.tenant.id, zone: studio.zone,
                now: studio.now)
            let days = answer.first?.days ?? []
            try check(days.map(\.date) == studio.workingDates, "\(staffId) has starts on every working day and no other")
            try check(days.allSatisfy { $0.starts.count == expected }, "\(staffId) has \(expected) starts every working day")
            reference[staffId] = days
        }
        return reference
    }
}

/// A clock whose instant is set once the studio exists.
final class NowBox: AppClock {
    private let instant = Mutex(Date())

    func set(_ date: Date) { instant.withLock { $0 = date } }

    func now() -> Date { instant.withLock { $0 } }
}
