import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients
import Catalog

/// The waitlist (SPEC §5): entries kept by the desk, matched against a freed time
/// (`waitlist.smart`), and booked through the same booking path as any appointment — the entry
/// is marked booked in the booking's own transaction, so a time is never booked twice from one
/// entry and an entry never says booked without its appointment.
public struct WaitlistService: Sendable {
    let database: Database
    let appointments: AppointmentsService
    let clients: ClientsService

    public init(database: Database, appointments: AppointmentsService, clients: ClientsService) {
        self.database = database
        self.appointments = appointments
        self.clients = clients
    }

    /// A specialist (SPEC §1) sees and changes only the entries naming her own staff record.
    func list(_ filter: WaitlistRepository.Filter, page: PageRequest, scope: TenantScope) async throws -> (items: [WaitlistEntry], nextCursor: String?) {
        try await expireDue(scope)
        var filter = filter
        if case .staff(let own) = try await AppointmentScope.of(scope, database: database) {
            guard let own else { return ([], nil) }
            filter.staffId = own
        }
        return try await WaitlistRepository(sql: database.sql, tenantId: scope.tenantId).list(filter, page: page)
    }

    func entry(_ id: WaitlistEntryID, scope: TenantScope) async throws -> WaitlistEntry {
        try await expireDue(scope)
        guard let entry = try await WaitlistRepository(sql: database.sql, tenantId: scope.tenantId).find(id),
            try await visible(entry.staffId, scope: scope)
        else { throw AppError.notFound() }
        return entry
    }

    /// Whether the caller may see an entry naming `staff` (nil: any staff member — studio-wide).
    private func visible(_ staff: StaffID?, scope: TenantScope) async throws -> Bool {
        switch try await AppointmentScope.of(scope, database: database) {
        case .all: true
        case .staff(let own): staff != nil && staff == own
        }
    }

    func create(_ input: WaitlistInput, scope: TenantScope) async throws -> WaitlistEntry {
        var problems = input.problems
        var clientId: CustomerID?
        if let id = input.clientId.value {
            do {
                let client = try await clients.visibleClient(id, scope: scope)
                if client.archivedAt != nil { problems["clientId"] = "archived" } else { clientId = client.id }
            } catch let error as AppError where error.status == .notFound {
                problems["clientId"] = "not_found"
            }
        }
        try await checkCatalog(service: input.serviceId.value, staff: input.staffId.value, into: &problems, scope: scope)
        if problems["staffId"] == nil, !(try await visible(input.staffId.value, scope: scope)) { problems["staffId"] = "not_found" }
        let now = scope.clock.now()
        let expiresAt = input.expiresOn.value.map { TenantTime.endOfDay($0, in: scope.timeZone) }
        if let expiresAt, expiresAt <= now, problems["expiresOn"] == nil { problems["expiresOn"] = "in_past" }
        guard problems.isEmpty, let clientId, let serviceId = input.serviceId.value else { throw AppError.validation(problems) }
        let entry = WaitlistEntry(
            id: .random(), clientId: clientId, serviceId: serviceId, staffId: input.staffId.value, days: input.days ?? [],
            windows: input.windows ?? [], notBefore: input.notBefore.value, expiresAt: expiresAt,
            priority: input.priority ?? WaitlistEntry.defaultPriority, channel: input.channel.value, notes: input.notes.value, status: .active,
            appointmentId: nil, createdBy: scope.userId, createdAt: now, updatedAt: now)
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await WaitlistRepository(sql: sql, tenantId: scope.tenantId).insert(entry)
            return (entry, [Self.record("waitlist_entry.created", entry, before: nil)])
        }
    }

    func edit(_ id: WaitlistEntryID, _ input: WaitlistInput, scope: TenantScope) async throws -> WaitlistEntry {
        var problems = input.problems
        let before = try await entry(id, scope: scope)
        try await checkCatalog(
            service: input.serviceId.value ?? before.serviceId, staff: input.staffId.isAbsent ? before.staffId : input.staffId.value,
            into: &problems, scope: scope)
        if !input.staffId.isAbsent, problems["staffId"] == nil, !(try await visible(input.staffId.value, scope: scope)) { problems["staffId"] = "not_found" }
        let now = scope.clock.now()
        var after = before
        if let service = input.serviceId.value { after.serviceId = service }
        if !input.staffId.isAbsent { after.staffId = input.staffId.value }
        if let days = input.days { after.days = days }
        if let windows = input.windows { after.windows = windows }
        if !input.notBefore.isAbsent { after.notBefore = input.notBefore.value }
        if !input.expiresOn.isAbsent { after.expiresAt = input.expiresOn.value.map { TenantTime.endOfDay($0, in: scope.timeZone) } }
        if let priority = input.priority { after.priority = priority }
        if !input.channel.isAbsent { after.channel = input.channel.value }
        if !input.notes.isAbsent { after.notes = input.notes.value }
        if let expiresAt = after.expiresAt, expiresAt <= now, !input.expiresOn.isAbsent, problems["expiresOn"] == nil { problems["expiresOn"] = "in_past" }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        guard before.status == .active else { throw AppError.conflict("waitlist_entry_closed", details: ["status": .string(before.status.rawValue)]) }
        after.updatedAt = now
        return try await changed(before, to: after, action: "waitlist_entry.updated", scope: scope)
    }

    func cancel(_ id: WaitlistEntryID, scope: TenantScope) async throws -> WaitlistEntry {
        let before = try await entry(id, scope: scope)
        guard before.status == .active || before.status == .offered else {
            throw AppError.conflict("waitlist_entry_closed", details: ["status": .string(before.status.rawValue)])
        }
        var after = before
        after.status = .cancelled
        after.updatedAt = scope.clock.now()
        return try await changed(before, to: after, action: "waitlist_entry.cancelled", scope: scope)
    }

    /// Books her at `start` with `staff` (the entry's own staff member when it names one) through
    /// the booking path; the entry becomes `booked` with the appointment, in one transaction.
    func book(_ id: WaitlistEntryID, start: Date, staff: StaffID?, scope: TenantScope) async throws -> (WaitlistEntry, Appointment) {
        let before = try await entry(id, scope: scope)
        guard before.status == .active else { throw AppError.conflict("waitlist_entry_closed", details: ["status": .string(before.status.rawValue)]) }
        if let staff, let own = before.staffId, staff != own { throw AppError.validation(["staffId": "not_the_entry_staff"]) }
        guard let staffId = staff ?? before.staffId else { throw AppError.validation(["staffId": "required"]) }
        let tenantId = scope.tenantId
        var input = AppointmentInput.booking(client: before.clientId, service: before.serviceId, staff: staffId, startsAt: start, source: .waitlist)
        // In the booking's own transaction: the entry is booked with its appointment, or neither is.
        input.admission = { sql, booked in
            var after = before
            after.status = .booked
            after.appointmentId = booked.id
            after.updatedAt = booked.createdAt
            // Guarded: a second booking from the same entry (a double tap, two desks) rolls back.
            guard try await WaitlistRepository(sql: sql, tenantId: tenantId).update(after, expected: .active) else {
                throw AppError.conflict("waitlist_entry_closed")
            }
            return [Self.record("waitlist_entry.booked", after, before: before)]
        }
        let appointment = try await appointments.create(input, scope: scope)
        return (try await entry(id, scope: scope), appointment)
    }

    /// The waiting clients for a free interval of `staff` (local times), best first, each with
    /// the parts of its score. Only entries whose service that staff member performs, whose
    /// service (with its break) fits the interval and whose dates allow the day are candidates.
    func match(staff staffId: StaffID, from start: Date, to end: Date, scope: TenantScope) async throws -> [(WaitlistEntry, Int, [WaitlistRanking.Part])] {
        try await expireDue(scope)
        let catalog = CatalogDirectory(sql: database.sql, tenantId: scope.tenantId)
        guard let staff = try await catalog.staffMember(staffId), staff.active, try await visible(staff.id, scope: scope) else {
            throw AppError.validation(["staffId": "not_found"])
        }
        guard end > start else { throw AppError.validation(["endsAt": "before_start"]) }
        let local = TenantTime.localDateTime(of: start, in: scope.timeZone)
        let startMinute = local.time.hour * 60 + local.time.minute
        let length = Int(end.timeIntervalSince(start) / 60)
        let slot = WaitlistRanking.Slot(
            date: local.date, weekday: local.date.isoWeekday, startMinute: startMinute, endMinute: startMinute + length)
        let now = scope.clock.now()
        let directory = ClientDirectory(sql: database.sql)
        var ranked: [(WaitlistEntry, Int, [WaitlistRanking.Part])] = []
        // A studio has a handful of services: each is read once, however many clients wait for it.
        var services: [ServiceID: StudioService?] = [:]
        for entry in try await WaitlistRepository(sql: database.sql, tenantId: scope.tenantId).waiting() {
            guard entry.staffId == nil || entry.staffId == staff.id, staff.serviceIds.contains(entry.serviceId) else { continue }
            if services[entry.serviceId] == nil { services[entry.serviceId] = .some(try await catalog.service(entry.serviceId)) }
            guard let service = services[entry.serviceId] ?? nil, service.active,
                service.durationMinutes + service.breakMinutes <= length,
                entry.notBefore.map({ $0 <= local.date }) ?? true, entry.expiresAt.map({ start < $0 }) ?? true,
                let client = try await directory.client(entry.clientId, tenant: scope.tenantId), client.archivedAt == nil
            else { continue }
            let parts = WaitlistRanking.parts(
                entry, visitMinutes: service.durationMinutes, slot: slot,
                client: .init(visits: client.visitsCount, noShows: client.noShowCount, lateCancels: client.lateCancelCount), now: now)
            ranked.append((entry, parts.reduce(0) { $0 + $1.points }, parts))
        }
        // Best score first; on a tie, who waited longer.
        return ranked.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : ($0.0.createdAt, $0.0.id.uuid.uuidString) < ($1.0.createdAt, $1.0.id.uuid.uuidString) }
    }

    /// Entries past their last day become `expired` (audited), before any read that shows them.
    func expireDue(_ scope: TenantScope) async throws {
        let now = scope.clock.now()
        // A read first: most reads find nothing due and need no write transaction.
        guard try await WaitlistRepository(sql: database.sql, tenantId: scope.tenantId).hasDue(now: now) else { return }
        let system = AuditActor(tenantId: scope.tenantId, userId: nil, ip: nil, userAgent: nil, requestId: scope.correlationId, kind: "system")
        try await database.mutate(by: system, at: now) { sql in
            let expired = try await WaitlistRepository(sql: sql, tenantId: scope.tenantId).expire(now: now)
            return ((), expired.map { MutationRecord(action: "waitlist_entry.expired", entityType: "waitlist_entry", entityId: $0.description) })
        }
    }

    private func checkCatalog(service: ServiceID?, staff: StaffID?, into problems: inout [String: String], scope: TenantScope) async throws {
        let catalog = CatalogDirectory(sql: database.sql, tenantId: scope.tenantId)
        var found: StudioService?
        if let service, problems["serviceId"] == nil {
            found = try await catalog.service(service)
            if found == nil { problems["serviceId"] = "not_found" } else if found?.active == false { problems["serviceId"] = "inactive" }
        }
        if let staff, problems["staffId"] == nil {
            guard let member = try await catalog.staffMember(staff) else {
                problems["staffId"] = "not_found"
                return
            }
            if !member.active { problems["staffId"] = "inactive" }
            else if let found, !member.serviceIds.contains(found.id) { problems["staffId"] = "does_not_perform_service" }
        }
    }

    private func changed(_ before: WaitlistEntry, to after: WaitlistEntry, action: String, scope: TenantScope) async throws -> WaitlistEntry {
        try await database.mutate(by: scope.auditActor, at: after.updatedAt) { sql in
            guard try await WaitlistRepository(sql: sql, tenantId: scope.tenantId).update(after, expected: before.status) else {
                throw AppError.conflict("waitlist_entry_closed")
            }
            return (after, [Self.record(action, after, before: before)])
        }
    }

    static func record(_ action: String, _ entry: WaitlistEntry, before: WaitlistEntry?) -> MutationRecord {
        MutationRecord(action: action, entityType: "waitlist_entry", entityId: entry.id.description, before: before?.auditSnapshot, after: entry.auditSnapshot)
    }
}
