import CRMCore
import Foundation
import HummingbirdTesting
import Synchronization
import Testing
import TestSupport

@testable import Modules
@testable import Booking

/// Counts hold loads, so a test can tell a computed grid from a cached one.
final class CountingTimeHolds: TimeHolds {
    let loads = Mutex(0)

    func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] {
        loads.withLock { $0 += 1 }
        return []
    }
}

@Suite struct SlotCacheHitTests {
    @Test func aSecondRequestIsAnsweredFromTheCache() async throws {
        try await withTestApp { client, app in
            // given
            let world = try await StudioWorld.availability(client, app)
            let anna = StaffID(UUID(uuidString: try await world.staff(client))!)
            let service = ServiceID(UUID(uuidString: world.serviceId)!)
            let holds = CountingTimeHolds()
            let cache = DayGridCache()
            let availability = AvailabilityService(database: app.database, holds: holds, cache: cache)
            let scope = AvailabilityServiceHoldsTests.scope(world)
            let week = AvailabilityService.Window(
                from: AvailabilityServiceHoldsTests.at("2026-06-02T00:00"), to: AvailabilityServiceHoldsTests.at("2026-06-08T23:59"))
            // when
            let cold = try await availability.slots(serviceId: service, staffId: anna, window: week, scope: scope)
            let warm = try await availability.slots(serviceId: service, staffId: anna, window: week, scope: scope)
            cache.invalidate(tenant: world.tenant.id, staff: anna, dates: [LocalDate(iso: "2026-06-04")!])
            let afterInvalidation = try await availability.slots(serviceId: service, staffId: anna, window: week, scope: scope)
            // then: one load for the cold request, none for the warm one, one after the invalidation
            #expect(holds.loads.withLock { $0 } == 2)
            #expect(cache.count == 8 && cache.hits >= 8)
            #expect(cold.staff.map { $0.days.map(\.starts) } == warm.staff.map { $0.days.map(\.starts) })
            #expect(afterInvalidation.staff.first?.days.count == 7)
        }
    }
}
