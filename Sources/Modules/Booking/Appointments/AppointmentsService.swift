import CRMCore
import Foundation
import Tenancy
import Settings
import Clients
import Catalog
import SQLKit

/// The rules of appointments (SPEC §4): booking with every field checked at once, the time hold
/// that makes double booking impossible, notes and price edits, reschedules (same id, slot
/// re-checked) and the status machine. Every change commits with its audit entry and event.
public struct AppointmentsService: Sendable {
    let database: Database
    let clients: ClientsService
    let settings: SettingsService
    /// Plans, moves and cancels reminders in the transaction of each change (nil: none).
    let reminders: (any ReminderPlanner)?
    /// Asks new bookings for a deposit and refunds it on cancellation (nil: no deposits).
    let deposits: (any BookingDeposits)?

    public init(
        database: Database, clients: ClientsService, settings: SettingsService, reminders: (any ReminderPlanner)? = nil,
        deposits: (any BookingDeposits)? = nil
    ) {
        self.database = database
        self.clients = clients
        self.settings = settings
        self.reminders = reminders
        self.deposits = deposits
    }

    /// The status machine's one path, with this service's reminders and deposits.
    public var transitions: AppointmentTransitions { AppointmentTransitions(reminders: reminders, deposits: deposits) }

    func repository(_ scope: TenantScope) -> AppointmentsRepository {
        AppointmentsRepository(sql: database.sql, tenantId: scope.tenantId)
    }

    func rules(_ scope: TenantScope) -> AppointmentRules { AppointmentRules(database: database, tenantId: scope.tenantId) }

    /// An appointment the caller may see; another tenant's, someone else's (for a specialist)
    /// and unknown ones are all 404.
    func appointment(_ id: AppointmentID, _ scope: TenantScope) async throws -> Appointment {
        let visible = try await AppointmentScope.of(scope, database: database)
        guard let appointment = try await repository(scope).find(id), visible.allows(appointment.staffId) else { throw AppError.notFound() }
        return appointment
    }

    func list(_ filter: AppointmentsRepository.Filter, page: PageRequest, scope: TenantScope) async throws -> (
        items: [Appointment], nextCursor: String?
    ) {
        var filter = filter
        if case .staff(let own) = try await AppointmentScope.of(scope, database: database) {
            guard let own, filter.staffIds?.contains(own) ?? true else { return ([], nil) }
            filter.staffIds = [own]
        }
        return try await repository(scope).list(filter, page: page)
    }

    public func create(_ input: AppointmentInput, scope: TenantScope) async throws -> Appointment {
        var problems = input.problems
        let now = scope.clock.now()
        let visible = try await AppointmentScope.of(scope, database: database)
        let rules = rules(scope)
        if let clientId = input.clientId.value {
            do {
                let client = try await clients.visibleClient(clientId, scope: scope)
                if client.archivedAt != nil { problems["clientId"] = "archived" }
            } catch let error as AppError where error.status == .notFound {
                problems["clientId"] = "not_found"
            }
        }
        let staff = try await input.staffId.value.asyncMap { try await rules.staff($0, scope: visible, into: &problems) } ?? nil
        let service = try await input.serviceId.value.asyncMap { try await rules.service($0, allowInactive: false, into: &problems) } ?? nil
        AppointmentRules.performs(staff, service, into: &problems)
        let room = try await input.roomId.value.asyncMap { try await rules.room($0, service: service, staff: staff, into: &problems) } ?? nil
        if let start = input.startsAt.value { AppointmentRules.start(start, now: now, timeZone: scope.timeZone, into: &problems) }
        if let price = input.price.value, price < .zero { problems["price"] = "negative" }
        let packageVisits = PackageVisits(tenant: scope.tenantId)
        if let requested = input.clientPackageId.value, let clientId = input.clientId.value, problems["clientId"] == nil,
            try await packageVisits.package(requested, of: clientId, on: database.sql) == nil
        {
            problems["clientPackageId"] = "not_found"
        }
        guard problems.isEmpty, let clientId = input.clientId.value, let staff, let service, let start = input.startsAt.value else {
            throw AppError.validation(problems)
        }
        var appointment = Appointment(
            id: .random(), tenantId: scope.tenantId, clientId: clientId, serviceId: service.id, staffId: staff.id, locationId: staff.locationId,
            roomId: room?.id, startsAt: start, endsAt: start, durationMinutes: service.durationMinutes, breakMinutes: service.breakMinutes,
            price: input.price.value ?? service.basePrice, currency: scope.tenant.currency, status: Self.initialStatus,
            statusReason: nil, depositAmount: nil, depositStatus: .none, paymentStatus: .unpaid, cancellationFee: nil,
            source: input.source.value ?? .manual, notes: input.notes.value, createdBy: scope.userId, createdAt: now, updatedAt: now)
        appointment.move(to: start)
        // The client's best personal discount, unless the price is given.
        if input.price.isAbsent,
            let discount = try await ClientDiscounts(tenant: scope.tenantId).best(
                client: clientId, service: service.id, price: service.basePrice, at: start, on: database.sql)
        {
            appointment.price = service.basePrice - discount.amount
            appointment.discountId = discount.id
            appointment.discountAmount = discount.amount
        }
        let tenant = scope.tenant
        // The deposit the booking needs at its price; a visit covered by a package needs none.
        let deposit = try await deposits?.requirement(service: service, price: appointment.price, clientId: clientId, tenant: tenant)
        let usesPackage = input.usePackage.value != false
        let requestedPackage = input.clientPackageId.value
        let explicitPrice = input.price.value
        let admission = input.admission
        let planned = appointment
        return try await holdingSlot(planned, scope: scope) {
            try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = repository(scope).on(sql)
                try await Self.ensureFree(planned, in: repository, timeZone: scope.timeZone)
                var booked = planned
                var records: [MutationRecord] = []
                if let admission { records += try await admission(sql, booked) }
                let visit = usesPackage
                    ? try await packageVisits.reserve(
                        client: clientId, service: service.id, appointment: booked.id, startsAt: start, requested: requestedPackage, now: now, on: sql)
                    : nil
                if let visit {
                    booked.clientPackageId = visit.visit.clientPackageId
                    booked.price = explicitPrice ?? .zero
                    booked.discountId = nil
                    booked.discountAmount = nil
                    records += visit.records
                } else if let deposit {
                    booked.status = .depositRequired
                    booked.depositAmount = deposit.amount
                    booked.depositStatus = .required
                }
                try await repository.insert(booked)
                records.insert(
                    MutationRecord(action: "appointment.created", entityType: "appointment", entityId: booked.id.description, after: booked.auditSnapshot),
                    at: 0)
                if visit == nil, let deposit, let deposits {
                    records += try await deposits.record(deposit, appointment: booked, tenant: tenant, createdBy: scope.userId, now: now, on: sql)
                }
                return (booked, records)
            }
        }
    }

    /// Every new booking starts `pending`, or `deposit_required` (with its `depositAmount` and
    /// `depositStatus: required`) when the service's rule or the studio's deposit policy asks for
    /// a deposit (`BookingDeposits`).
    static let initialStatus = AppointmentStatus.pending

    /// Notes and price; nothing else of a booking changes through PATCH.
    func edit(_ id: AppointmentID, _ input: AppointmentInput, scope: TenantScope) async throws -> Appointment {
        var problems = input.problems
        if let price = input.price.value, price < .zero { problems["price"] = "negative" }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        _ = try await appointment(id, scope)
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = repository(scope).on(sql)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            var after = before
            if let price = input.price.value {
                if before.status.isTerminal && price != before.price { throw AppError.validation(["price": "locked"]) }
                after.price = price
            }
            if !input.notes.isAbsent { after.notes = input.notes.value }
            let changed = JSONValue.changedKeys(before.auditSnapshot, after.auditSnapshot)
            guard !changed.isEmpty else { return (before, []) }
            after.updatedAt = now
            try await repository.update(after)
            let record = MutationRecord(
                action: "appointment.updated", entityType: "appointment", entityId: id.description, before: before.auditSnapshot,
                after: after.auditSnapshot, payload: .updatePayload(after.auditSnapshot, changed: changed))
            return (after, [record])
        }
    }
}

extension AppointmentsService {
    /// The names of the clients of a page of appointments, in one query.
    func clientNames(_ ids: [CustomerID], tenant: TenantID) async throws -> [CustomerID: String] {
        try await ClientDirectory(sql: database.sql).names(ids, tenant: tenant)
    }
}
