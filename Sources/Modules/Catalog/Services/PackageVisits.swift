import CRMCore
import Foundation
import SQLKit

/// What became of the package visit a booking reserved.
public enum PackageVisitState: String, Sendable, Codable, CaseIterable {
    /// Taken from the package when booked; the booking is still open.
    case reserved
    /// The visit happened (the appointment was completed).
    case used
    /// Put back on the package (cancelled in time, expired, or by the studio's policy).
    case returned
    /// Kept by the studio (a late cancellation or a no-show, by its policy).
    case forfeited
}

/// One visit of a sold package taken by one appointment.
public struct PackageVisit: Sendable, Equatable {
    public let id: UUID
    public let clientPackageId: ClientPackageID
    public let serviceId: ServiceID
    public let appointmentId: AppointmentID
    public let clientId: CustomerID
    public var state: PackageVisitState
    public let reservedAt: Date
    public var settledAt: Date?
}

/// Packages used by bookings (SPEC §3): booking a service that one of the client's packages
/// covers takes a visit from it in the booking's transaction; the close of the appointment
/// settles the visit (used, given back, forfeited). Bookings call this facade; the balance lives
/// in `client_package_units.remaining`, which a guarded UPDATE never takes below zero, so two
/// bookings racing for the last visit cannot both get it.
public struct PackageVisits: Sendable {
    let tenantId: TenantID

    public init(tenant: TenantID) { tenantId = tenant }

    /// The client's packages that would cover `service` at `startsAt`, soonest expiring first:
    /// a read before the booking's transaction (the reservation itself may still lose a race).
    public func covering(client: CustomerID, service: ServiceID, at startsAt: Date, on sql: any SQLDatabase) async throws -> [ClientPackageID] {
        try await ClientPackageVisitsRepository(sql: sql, tenantId: tenantId).covering(client: client, service: service, at: startsAt)
    }

    /// The package `id` when it is the client's; nil for another client's or an unknown one.
    public func package(_ id: ClientPackageID, of client: CustomerID, on sql: any SQLDatabase) async throws -> ClientPackage? {
        guard let package = try await ClientPackagesRepository(sql: sql, tenantId: tenantId).find(id), package.clientId == client else { return nil }
        return package
    }

    /// Inside the booking's transaction: takes one visit of `service` for `appointment` from
    /// `requested` (refused with `409 package_expired` / `package_exhausted` /
    /// `package_service_not_included` when it cannot cover the visit at `startsAt`) or, when none
    /// is named, from the first covering package that still has one. Nil when nothing covers it.
    public func reserve(
        client: CustomerID, service: ServiceID, appointment: AppointmentID, startsAt: Date, requested: ClientPackageID?, now: Date,
        on sql: any SQLDatabase
    ) async throws -> (visit: PackageVisit, records: [MutationRecord])? {
        let packages = ClientPackagesRepository(sql: sql, tenantId: tenantId)
        var taken: (package: ClientPackageID, remaining: Int)?
        if let requested {
            taken = (requested, try await packages.consumeUnit(requested, serviceId: service, at: startsAt, on: sql))
        } else {
            for candidate in try await covering(client: client, service: service, at: startsAt, on: sql) {
                do {
                    taken = (candidate, try await packages.consumeUnit(candidate, serviceId: service, at: startsAt, on: sql))
                    break
                } catch let error as AppError where error.status == .conflict {
                    continue  // another booking took its last visit since the read
                }
            }
        }
        guard let taken else { return nil }
        let visit = PackageVisit(
            id: UUID(), clientPackageId: taken.package, serviceId: service, appointmentId: appointment, clientId: client, state: .reserved,
            reservedAt: now, settledAt: nil)
        try await ClientPackageVisitsRepository(sql: sql, tenantId: tenantId).insert(visit)
        let record = MutationRecord(
            action: "client_package.visit_reserved", entityType: "client_package", entityId: taken.package.description,
            payload: .object([
                "serviceId": .string(service.description), "appointmentId": .string(appointment.description),
                "remaining": .int(Int64(taken.remaining)),
            ]))
        return (visit, [record])
    }

    /// Inside the transaction that closes `appointment`: its reserved visit becomes `state`;
    /// `returned` puts the visit back on the package. Nothing when it reserved none.
    public func settle(appointment: AppointmentID, as state: PackageVisitState, now: Date, on sql: any SQLDatabase) async throws
        -> [MutationRecord]
    {
        precondition(state != .reserved, "a visit is reserved only by a booking")
        let visits = ClientPackageVisitsRepository(sql: sql, tenantId: tenantId)
        guard let settled = try await visits.settle(appointment: appointment, as: state, at: now) else { return [] }
        var payload: [String: JSONValue] = [
            "serviceId": .string(settled.service.description), "appointmentId": .string(appointment.description), "state": .string(state.rawValue),
        ]
        if state == .returned, let remaining = try await visits.giveBack(package: settled.package, service: settled.service) {
            payload["remaining"] = .int(Int64(remaining))
        }
        return [
            MutationRecord(
                action: "client_package.visit_\(state.rawValue)", entityType: "client_package", entityId: settled.package.description,
                payload: .object(payload))
        ]
    }

    /// Visits still booked per package and service, for showing a package's balance.
    public func reservedCounts(of packages: [ClientPackageID], on sql: any SQLDatabase) async throws -> [ClientPackageID: [ServiceID: Int]] {
        try await ClientPackageVisitsRepository(sql: sql, tenantId: tenantId).reservedCounts(of: packages)
    }
}
