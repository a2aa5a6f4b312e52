import CRMCore
import Foundation
import SQLKit
import Catalog

/// What the slot engine reads about one tenant's studio, loaded in a few queries per request so
/// the engine itself stays pure. Built per request for one tenant.
public protocol AvailabilityInputs: Sendable {
    /// The service's duration and break; nil when the tenant has no such service.
    func service(_ id: ServiceID) async throws -> ServiceTiming?

    /// Staff members (`ids`, or when nil everyone linked to `performing`) with their hours, their
    /// location's hours and the overrides of both on `dates`.
    func staff(_ ids: [StaffID]?, performing service: ServiceID, dates: ClosedRange<LocalDate>) async throws -> [StaffAvailability]

    /// The active rooms that can host `service` (`room_services`), wherever they are.
    func rooms(hosting service: ServiceID) async throws -> [RoomPlace]
}

/// Appointments (or anything else) that hold staff and room time.
public protocol TimeHolds: Sendable {
    /// The holds of `tenant` for any of `staffIds` or `roomIds` overlapping `interval`.
    func holds(tenant: TenantID, staffIds: [StaffID], roomIds: [RoomID], in interval: DateInterval) async throws -> [TimeHold]
}

/// `AvailabilityInputs` over the catalog (services, staff, locations, rooms and their schedules),
/// read through the catalog's own reader.
struct SQLAvailabilityInputs: AvailabilityInputs {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func service(_ id: ServiceID) async throws -> ServiceTiming? {
        try await CatalogDirectory(sql: sql, tenantId: tenantId).service(id).map {
            ServiceTiming(serviceId: $0.id, durationMinutes: $0.durationMinutes, breakMinutes: $0.breakMinutes, active: $0.active)
        }
    }

    func staff(_ ids: [StaffID]?, performing service: ServiceID, dates: ClosedRange<LocalDate>) async throws -> [StaffAvailability] {
        try await CatalogAvailabilityRepository(sql: sql, tenantId: tenantId).staff(ids, performing: service, dates: dates)
    }

    func rooms(hosting service: ServiceID) async throws -> [RoomPlace] {
        try await CatalogAvailabilityRepository(sql: sql, tenantId: tenantId).rooms(hosting: service)
    }
}
