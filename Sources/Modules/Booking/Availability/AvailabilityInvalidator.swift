import CRMCore
import Foundation
import SQLKit

/// Keeps `DayGridCache` current: told every committed mutation (`Database.observeCommits`), it
/// drops exactly the grids SPEC §4 names. Runs after `COMMIT` and before the writing request
/// answers; the cache's tickets handle a reader that loaded before the commit (see `DayGridCache`).
///
/// - appointment (any event: booking, status change, reschedule, edit): the staff member's local
///   days that `[startsAt, holdsUntil)` touches, before and after the change (both staff on a move).
/// - staff or location override added/removed: its date (a location's: every staff member there).
/// - staff created/updated with schedule, location, active or services changed: all their days.
/// - location updated with schedule or active changed: all days of every staff member there.
/// - service (any change): all days of the staff who perform it.
/// - room (any change): all days of the staff at its location (before and after a move).
/// - tenant time zone changed: the whole tenant.
public struct AvailabilityInvalidator: CommitObserver {
    let cache: any DayGridStore
    let database: Database

    public init(cache: any DayGridStore, database: Database) {
        self.cache = cache
        self.database = database
    }

    static let staffFields: Set<String> = ["schedule", "locationId", "active", "serviceIds"]
    static let locationFields: Set<String> = ["schedule", "active"]

    public func committed(_ mutations: [CommittedMutation]) async {
        for mutation in mutations {
            do {
                try await invalidate(for: mutation)
            } catch {
                // A lookup failed: dropping the whole tenant is always correct.
                await cache.invalidate(tenant: mutation.tenantId)
            }
        }
    }

    func invalidate(for mutation: CommittedMutation) async throws {
        let tenant = mutation.tenantId
        let record = mutation.record
        let snapshots = [record.before, record.after].compactMap { $0?.objectValue }
        switch (record.entityType, record.action) {
        case ("appointment", _):
            let zone = try await zone(of: tenant)
            for (staff, start, end) in Self.holds(in: snapshots + [record.payload?.objectValue].compactMap { $0 }) {
                await cache.invalidate(tenant: tenant, staff: staff, dates: Self.dates(from: start, to: end, in: zone))
            }
        case ("staff", "staff.override_added"), ("staff", "staff.override_removed"):
            for snapshot in snapshots {
                guard let staff = snapshot.id("staffId").map(StaffID.init), let date = snapshot.date else { continue }
                await cache.invalidate(tenant: tenant, staff: staff, dates: [date])
            }
        case ("staff", "staff.created"), ("staff", "staff.updated"):
            guard let staff = UUID(uuidString: record.entityId).map(StaffID.init), Self.changes(record, any: Self.staffFields) else { return }
            await cache.invalidate(tenant: tenant, staff: staff)
        case ("location", "location.override_added"), ("location", "location.override_removed"):
            for snapshot in snapshots {
                guard let location = snapshot.id("locationId"), let date = snapshot.date else { continue }
                for staff in try await staff(tenant: tenant, at: [location]) { await cache.invalidate(tenant: tenant, staff: staff, dates: [date]) }
            }
        case ("location", "location.updated"):
            guard let location = UUID(uuidString: record.entityId), Self.changes(record, any: Self.locationFields) else { return }
            for staff in try await staff(tenant: tenant, at: [location]) { await cache.invalidate(tenant: tenant, staff: staff) }
        case ("service", _):
            guard let service = UUID(uuidString: record.entityId) else { return }
            for staff in try await staff(tenant: tenant, performing: service) { await cache.invalidate(tenant: tenant, staff: staff) }
        case ("room", _):
            for staff in try await staff(tenant: tenant, at: snapshots.compactMap { $0.id("locationId") }) {
                await cache.invalidate(tenant: tenant, staff: staff)
            }
        case ("tenant", "tenant.timezone_changed"):
            await cache.invalidate(tenant: tenant)
        default:
            return
        }
    }
}
