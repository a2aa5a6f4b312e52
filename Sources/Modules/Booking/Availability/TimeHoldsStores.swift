import CRMCore
import Foundation
import Synchronization

/// No holds at all: what the engine sees until the appointments table exists. Swap for the SQL
/// holds over `appointments` in `Application+build.swift`.
public struct NoTimeHolds: TimeHolds {
    public init() {}

    public func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] { [] }
}

/// Holds kept in memory per tenant, for tests and simulations.
public final class InMemoryTimeHolds: TimeHolds {
    private let store = Mutex<[TenantID: [TimeHold]]>([:])

    public init() {}

    public func add(_ hold: TimeHold, tenant: TenantID) {
        store.withLock { $0[tenant, default: []].append(hold) }
    }

    public func removeAll(tenant: TenantID) {
        store.withLock { $0[tenant] = nil }
    }

    public func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold] {
        let staff = Set(staffIds)
        let rooms = Set(roomIds)
        return store.withLock { $0[tenant] ?? [] }.filter { hold in
            let relevant = hold.staffId.map(staff.contains) == true || hold.roomId.map(rooms.contains) == true
            return relevant && hold.start < interval.end && interval.start < hold.end
        }
    }
}
