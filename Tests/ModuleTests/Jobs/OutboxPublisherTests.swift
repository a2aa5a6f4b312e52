import CRMCore
import Foundation
import SQLKit
import Synchronization
import Testing
import TestSupport

/// Counts the events it is handed and enqueues one job per event, idempotently.
final class CountingSubscriber: DomainEventSubscriber {
    let seen = Mutex<[UUID: Int]>([:])

    func handle(_ event: PublishedEvent, on sql: any SQLDatabase, now: Date) async throws {
        seen.withLock { $0[event.id, default: 0] += 1 }
        try await Jobs.enqueue(NewJob(kind: "react", queue: .ops, uniqueKey: "react:\(event.id)"), at: now, on: sql)
    }
}

@Suite struct OutboxPublisherTests {
    @Test func concurrentPublishersHandEachEventOnceAndMarkItPublished() async throws {
        try await QueueWorld.with { world in
            // given: 450 events of two tenants in the outbox
            let tenants = [TenantID(UUID()), TenantID(UUID())]
            for index in 0..<450 {
                try await Outbox.append(
                    DomainEvent(type: "client.created", entityType: "client", entityId: "\(index)", payload: .object([:])),
                    tenantId: tenants[index % 2], at: world.clock.now(), on: world.database.sql)
            }
            let subscriber = CountingSubscriber()
            let publishers = (0..<3).map { _ in OutboxPublisher(database: world.database) }
            for publisher in publishers { publisher.subscribe(subscriber) }
            // when
            try await withThrowingTaskGroup(of: Void.self) { group in
                for publisher in publishers { group.addTask { while try await publisher.publishBatch(now: world.clock.now()) > 0 {} } }
                try await group.waitForAll()
            }
            // then: every event once, one job each, nothing left unpublished
            let seen = subscriber.seen.withLock { $0 }
            #expect(seen.count == 450 && seen.values.allSatisfy { $0 == 1 })
            #expect(try await world.count(.queued) == 450)
            #expect(try await publishers[0].publishBatch(now: world.clock.now()) == 0)
        }
    }

    @Test func aFailingSubscriberLeavesTheBatchUnpublishedForTheRetry() async throws {
        try await QueueWorld.with { world in
            // given
            struct Failing: DomainEventSubscriber {
                func handle(_ event: PublishedEvent, on sql: any SQLDatabase, now: Date) async throws { throw Boom() }
            }
            try await Outbox.append(
                DomainEvent(type: "client.created", entityType: "client", entityId: "1", payload: .object([:])), tenantId: TenantID(UUID()),
                at: world.clock.now(), on: world.database.sql)
            let failing = OutboxPublisher(database: world.database)
            failing.subscribe(Failing())
            // when
            await #expect(throws: Boom.self) { try await failing.publishBatch(now: world.clock.now()) }
            // then: a healthy publisher still finds it
            let healthy = OutboxPublisher(database: world.database)
            #expect(try await healthy.publishBatch(now: world.clock.now()) == 1)
        }
    }

    @Test func thePublisherRunsAsAPeriodicJob() async throws {
        try await QueueWorld.with { world in
            // given
            try await Outbox.append(
                DomainEvent(type: "client.created", entityType: "client", entityId: "1", payload: .object([:])), tenantId: TenantID(UUID()),
                at: world.clock.now(), on: world.database.sql)
            let publisher = OutboxPublisher(database: world.database)
            let subscriber = CountingSubscriber()
            publisher.subscribe(subscriber)
            publisher.register(in: world.handlers)
            let scheduler = JobScheduler(periodic: [OutboxPublisher.periodic], database: world.database, clock: world.clock, logger: testLogger)
            // when
            try await scheduler.tick()
            try await world.worker("w").runOnce()
            // then
            #expect(subscriber.seen.withLock { $0.count } == 1)
            #expect(try await world.count(.done) == 1)
        }
    }
}
