@testable import CRMCore
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite struct JobQueueTests {
    @Test func aFailingJobIsRetriedAfterTheQueueBackoffThenDeadLettered() async throws {
        try await QueueWorld.with { world in
            // given: a critical job whose handler always fails (3 tries, backoff 1/2/4 s)
            let log = JobLog()
            world.handlers.register("charge") { context in
                log.add("attempt \(context.job.attempts)")
                throw Boom()
            }
            let id = try await world.enqueue("charge", .critical)
            let worker = world.worker("w1")
            // when / then: attempt 1 fails, the retry waits 1 s
            try await worker.runOnce()
            var job = try await world.job(id)
            #expect(job.status == .failed && job.attempts == 1 && job.lastError == "provider said no")
            #expect(job.runAt == QueueWorld.start.addingTimeInterval(1))
            #expect(try await worker.runOnce() == nil)
            world.clock.advance(by: 1)
            try await worker.runOnce()
            job = try await world.job(id)
            #expect(job.status == .failed && job.attempts == 2 && job.runAt == QueueWorld.start.addingTimeInterval(1 + 2))
            world.clock.advance(by: 2)
            try await worker.runOnce()
            // then: after the third attempt it is dead and never claimed again
            job = try await world.job(id)
            #expect(job.status == .dead && job.attempts == 3 && job.lastError == "provider said no")
            world.clock.advance(by: 3600)
            #expect(try await worker.runOnce() == nil)
            #expect(log.all == ["attempt 1", "attempt 2", "attempt 3"])
        }
    }

    @Test func aPermanentFailureOrAnUnknownKindGoesStraightToDead() async throws {
        try await QueueWorld.with { world in
            // given
            world.handlers.register("send") { _ in throw PermanentJobFailure("recipient unknown") }
            let permanent = try await world.enqueue("send")
            let unknown = try await world.enqueue("nobody.handles.this")
            // when
            try await world.worker("w1").runOnce()
            try await world.worker("w1").runOnce()
            // then
            let first = try await world.job(permanent)
            let second = try await world.job(unknown)
            #expect(first.status == .dead && first.attempts == 1 && first.lastError == "recipient unknown")
            #expect(second.status == .dead && second.lastError == "no handler for job kind 'nobody.handles.this'")
        }
    }

    @Test func anExpiredLeaseMakesACrashedWorkersJobClaimableAgain() async throws {
        try await QueueWorld.with { world in
            // given: worker A claims an ops job (lease 60 s) and dies without an outcome
            let log = JobLog()
            world.handlers.register("sync") { context in log.add("ran attempt \(context.job.attempts)") }
            let id = try await world.enqueue("sync")
            let crashed = try #require(try await world.store.claim(worker: "A", now: world.clock.now()))
            // when: before the lease ends nobody else gets it; after, worker B does
            world.clock.advance(by: 59)
            #expect(try await world.worker("B").runOnce() == nil)
            world.clock.advance(by: 1)
            let taken = try await world.worker("B").runOnce()
            // then: B ran it as attempt 2; A's late outcome is refused
            #expect(taken?.id == id && log.all == ["ran attempt 2"])
            #expect(try await world.job(id).status == .done)
            #expect(try await world.store.complete(crashed, worker: "A", now: world.clock.now()) == false)
            #expect(try await world.store.fail(crashed, worker: "A", error: "late", permanent: false, now: world.clock.now()) == false)
            #expect(try await world.job(id).status == .done)
        }
    }

    @Test func aLeaseThatExpiresOnTheLastAttemptDeadLettersTheJob() async throws {
        try await QueueWorld.with { world in
            // given: a heavy job (2 tries, 300 s lease) whose workers both die
            let id = try await world.enqueue("report", .heavy)
            for worker in ["A", "B"] {
                _ = try #require(try await world.store.claim(worker: worker, now: world.clock.now()))
                world.clock.advance(by: 300)
            }
            // when
            #expect(try await world.worker("C").runOnce() == nil)
            // then
            let job = try await world.job(id)
            #expect(job.status == .dead && job.attempts == 2 && job.lastError?.hasPrefix("lease expired") == true)
        }
    }

    @Test func criticalIsAlwaysDrainedBeforeOpsAndOpsBeforeHeavy() async throws {
        try await QueueWorld.with { world in
            // given: enqueued heavy, ops, critical, ops, critical (in that order)
            let log = JobLog()
            for kind in ["h", "o", "c"] {
                world.handlers.register(kind) { context in log.add(context.job.payload == .string("1") ? kind + "1" : kind + "2") }
            }
            try await world.enqueue("h", .heavy, payload: .string("1"))
            try await world.enqueue("o", .ops, payload: .string("1"))
            world.clock.advance(by: 1)
            try await world.enqueue("c", .critical, payload: .string("1"))
            try await world.enqueue("o", .ops, payload: .string("2"))
            world.clock.advance(by: 1)
            try await world.enqueue("c", .critical, payload: .string("2"))
            // when
            while try await world.worker("w").runOnce() != nil {}
            // then
            #expect(log.all == ["c1", "c2", "o1", "o2", "h1"])
        }
    }

    @Test func aJobEnqueuedInARolledBackTransactionNeverExists() async throws {
        try await QueueWorld.with { world in
            // given
            let log = JobLog()
            world.handlers.register("remind") { _ in log.add("ran") }
            struct Abort: Error {}
            // when
            await #expect(throws: Abort.self) {
                try await world.database.transaction { sql in
                    try await Jobs.enqueue(NewJob(kind: "remind", queue: .ops), at: world.clock.now(), on: sql)
                    throw Abort()
                }
            }
            // then
            #expect(try await world.worker("w").runOnce() == nil)
            let queued = try await world.count(.queued)
            #expect(queued == 0 && log.all.isEmpty)
        }
    }

    @Test func concurrentWorkersRunEveryJobExactlyOnce() async throws {
        try await QueueWorld.with { world in
            // given: 120 jobs, 6 workers claiming at the same time
            let runs = Mutex<[UUID: Int]>([:])
            world.handlers.register("noop") { context in runs.withLock { $0[context.job.id, default: 0] += 1 } }
            var ids: [UUID] = []
            for _ in 0..<120 { ids.append(try await world.enqueue("noop")) }
            // when
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    let worker = world.worker("w\(index)")
                    group.addTask { while try await worker.runOnce() != nil {} }
                }
                try await group.waitForAll()
            }
            // then
            let counted = runs.withLock { $0 }
            #expect(counted.count == 120 && counted.values.allSatisfy { $0 == 1 })
            #expect(Set(counted.keys) == Set(ids))
            let done = try await world.count(.done)
            #expect(done == 120)
        }
    }

    @Test func anAttemptThatOverrunsItsTimeoutFailsWithoutWaitingForTheHandler() async throws {
        try await QueueWorld.with { world in
            // given: a handler that ignores cancellation for 2 s
            let context = JobContext(
                job: try await world.job(try await world.enqueue("slow")), database: world.database, clock: world.clock, logger: testLogger)
            let started = ContinuousClock.now
            // when
            let outcome = await JobWorker.attempt({ _ in blockingSleep(2) }, context, timeout: 0.2)
            // then
            guard case .failure(let error) = outcome else { Issue.record("expected a timeout"); return }
            #expect(error is JobTimeout)
            #expect(ContinuousClock.now - started < .seconds(1.5))
        }
    }
}

/// A call that blocks its thread and ignores cancellation (a stuck provider call).
func blockingSleep(_ seconds: Double) { Thread.sleep(forTimeInterval: seconds) }
