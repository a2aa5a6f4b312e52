import CRMCore
import Foundation
import Testing
import TestSupport

@Suite struct JobSchedulerTests {
    @Test func severalProcessesTickingEnqueueEachPeriodOnce() async throws {
        try await QueueWorld.with { world in
            // given: three schedulers (three processes) with a 60 s and a 3600 s job
            let periodic = [PeriodicJob(kind: "sla.check", queue: .critical, every: 60), PeriodicJob(kind: "cleanup", queue: .heavy, every: 3600)]
            let schedulers = (0..<3).map { _ in JobScheduler(periodic: periodic, database: world.database, clock: world.clock, logger: testLogger) }
            // when: all tick at once, twice
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for scheduler in schedulers + schedulers { group.addTask { try await scheduler.tick() } }
                return try await group.reduce(0, +)
            }
            // then: one job per kind
            let queued = try await world.count(.queued)
            #expect(added == 2 && queued == 2)
            // when: a minute later only the minute job is due again
            world.clock.advance(by: 60)
            let later = try await schedulers[1].tick() + schedulers[2].tick()
            let queuedLater = try await world.count(.queued)
            #expect(later == 1 && queuedLater == 3)
        }
    }
}
