import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients
import Catalog
import Booking

/// Invoices (SPEC §6): by hand or from an appointment, integer money throughout, a gapless
/// per-tenant yearly number allocated in the transaction that issues the invoice.
public struct InvoicesService: Sendable {
    let database: Database
    let clients: ClientsService

    public init(database: Database, clients: ClientsService) {
        self.database = database
        self.clients = clients
    }

    func repository(_ scope: TenantScope) -> InvoicesRepository { InvoicesRepository(sql: database.sql, tenantId: scope.tenantId) }

    func invoice(_ id: InvoiceID, scope: TenantScope) async throws -> Invoice {
        guard let invoice = try await repository(scope).find(id) else { throw AppError.notFound() }
        return invoice
    }

    func payments(of ids: [InvoiceID], scope: TenantScope) async throws -> [InvoiceID: [Payment]] {
        try await PaymentsRepository(sql: database.sql, tenantId: scope.tenantId).payments(ofInvoices: ids)
    }

    func list(_ filter: InvoicesRepository.Filter, page: PageRequest, scope: TenantScope) async throws -> (
        items: [Invoice], nextCursor: String?
    ) {
        try await repository(scope).list(filter, page: page)
    }

    func create(_ input: InvoiceInput, scope: TenantScope) async throws -> Invoice {
        var problems = input.problems
        let catalog = CatalogDirectory(sql: database.sql, tenantId: scope.tenantId)
        var appointment: Appointment?
        if let id = input.appointmentId {
            appointment = try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).appointment(id)
            if appointment == nil { problems["appointmentId"] = "not_found" }
        }
        var client: CustomerID? = input.clientId ?? appointment?.clientId
        if let appointment, let given = input.clientId, given != appointment.clientId { problems["clientId"] = "mismatch" }
        if client == nil, problems["clientId"] == nil, problems["appointmentId"] == nil { problems["clientId"] = "required" }
        if let id = client {
            if (try? await clients.visibleClient(id, scope: scope)) == nil {
                problems["clientId"] = "not_found"
                client = nil
            }
        }
        var items: [InvoiceItem] = []
        if let given = input.items {
            for (index, item) in given.enumerated() {
                var service: StudioService?
                if let id = item.serviceId {
                    service = try await catalog.service(id)
                    if service == nil { problems["items.\(index).serviceId"] = "not_found" }
                }
                // A line with a problem is already named in `problems`; it only stays out of the sum.
                guard let text = item.description ?? service?.name, let price = item.unitPrice ?? service?.basePrice else { continue }
                items.append(InvoiceItem(serviceId: service?.id, description: text, quantity: item.quantity ?? 1, unitPrice: price))
            }
        } else if let appointment {
            let name = try await catalog.service(appointment.serviceId)?.name ?? "—"
            // The line at the list price and the booking's personal discount beside it, so the
            // client sees what the discount saved.
            let listPrice = appointment.price + (appointment.discountAmount ?? .zero)
            items = [InvoiceItem(serviceId: appointment.serviceId, description: name, quantity: 1, unitPrice: listPrice)]
        } else if problems["items"] == nil {
            problems["items"] = "required"
        }
        let subtotal = Money.sum(items.map(\.total))
        var discountValue = input.discount ?? .zero
        if input.discount == nil, let client {
            discountValue = try await personalDiscount(on: items, appointment: appointment, client: client, scope: scope)
        }
        if discountValue > subtotal, problems["discount"] == nil, problems.isEmpty { problems["discount"] = "exceeds_subtotal" }
        guard problems.isEmpty, let client else { throw AppError.validation(problems) }
        let now = scope.clock.now()
        let isDraft = input.draft
        let year = TenantTime.localDate(of: now, in: scope.timeZone).year
        var invoice = Invoice(
            id: .random(), tenantId: scope.tenantId, number: nil, clientId: client, appointmentId: appointment?.id,
            status: isDraft ? .draft : .issued, currency: scope.tenant.currency, items: items, subtotal: subtotal, discount: discountValue,
            payable: subtotal - discountValue, paid: .zero, refunded: .zero, notes: input.notes, issuedAt: isDraft ? nil : now, voidedAt: nil,
            voidReason: nil, createdBy: scope.userId, createdAt: now, updatedAt: now)
        let planned = invoice
        invoice = try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = repository(scope).on(sql)
            if let appointment = planned.appointmentId, let existing = try await repository.openInvoice(of: appointment) {
                throw AppError.conflict("invoice_exists", details: ["invoiceId": .string(existing.description)])
            }
            var created = planned
            if !isDraft { created.number = try await repository.allocateNumber(year: year) }
            try await repository.insert(created)
            var records: [MutationRecord] = []
            // A deposit already paid for the appointment counts towards its invoice.
            if let appointment = planned.appointmentId {
                let deposits = try await PaymentsRepository(sql: sql, tenantId: scope.tenantId).attachDeposits(of: appointment, to: created.id, now: now)
                for deposit in deposits {
                    created.paid += deposit.amount
                    created.refunded += deposit.refunded
                    records.append(MutationRecord(action: "payment.attached", entityType: "payment", entityId: deposit.id.description, after: deposit.auditSnapshot))
                }
                if !deposits.isEmpty {
                    if !isDraft { created.status = InvoiceStatus.settled(payable: created.payable, paid: created.paid, refunded: created.refunded) }
                    try await repository.update(created)
                }
            }
            records.insert(
                MutationRecord(action: "invoice.created", entityType: "invoice", entityId: created.id.description, after: created.auditSnapshot), at: 0)
            return (created, records)
        }
        return invoice
    }

    /// One item of the body; a service fills in the description and the price it leaves out.
    /// `POST /invoices/{id}/issue`: a draft gets its number.
    func issue(_ id: InvoiceID, scope: TenantScope) async throws -> Invoice {
        let now = scope.clock.now()
        let year = TenantTime.localDate(of: now, in: scope.timeZone).year
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = repository(scope).on(sql)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard before.status == .draft else { throw Self.invalidTransition(from: before.status, to: .issued) }
            var after = before
            after.status = .issued
            after.number = try await repository.allocateNumber(year: year)
            after.issuedAt = now
            after.updatedAt = now
            try await repository.update(after)
            return (after, [Self.record("invoice.issued", before: before, after: after)])
        }
    }

    /// `POST /invoices/{id}/void`: only an invoice nothing was paid on.
    func void(_ id: InvoiceID, reason: String?, scope: TenantScope) async throws -> Invoice {
        let now = scope.clock.now()
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = repository(scope).on(sql)
            try await repository.lock(id)
            guard let before = try await repository.find(id) else { throw AppError.notFound() }
            guard [.draft, .issued].contains(before.status), before.paid == .zero else {
                throw Self.invalidTransition(from: before.status, to: .void)
            }
            var after = before
            after.status = .void
            after.voidedAt = now
            after.voidReason = reason
            after.updatedAt = now
            try await repository.update(after)
            return (after, [Self.record("invoice.voided", before: before, after: after)])
        }
    }

    static func invalidTransition(from: InvoiceStatus, to: InvoiceStatus) -> AppError {
        AppError.invalidTransition(from: from.rawValue, to: to.rawValue)
    }

    static func record(_ action: String, before: Invoice, after: Invoice) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "invoice", entityId: after.id.description, before: before.auditSnapshot, after: after.auditSnapshot)
    }
}

extension InvoicesService {
    /// The client's personal discount on an invoice whose discount is not given: the booking's
    /// own (applied when it was booked) for an invoice of an appointment, else each service
    /// line's best discount in force today, times its quantity.
    func personalDiscount(on items: [InvoiceItem], appointment: Appointment?, client: CustomerID, scope: TenantScope) async throws -> Money {
        if let appointment { return appointment.discountAmount ?? .zero }
        let now = scope.clock.now()
        let discounts = try await ClientDiscounts(tenant: scope.tenantId).active(client: client, at: now, on: database.sql)
        guard !discounts.isEmpty else { return .zero }
        var total = Money.zero
        for item in items {
            guard let service = item.serviceId, let best = discounts.best(for: service, price: item.unitPrice, at: now) else { continue }
            total += best.amount * item.quantity
        }
        return total
    }
}

extension InvoicesService {
    /// The names of the clients of a page of invoices, in one query.
    func clientNames(_ ids: [CustomerID], tenant: TenantID) async throws -> [CustomerID: String] {
        try await ClientDirectory(sql: database.sql).names(ids, tenant: tenant)
    }

    /// The clients an invoice search by name or email means.
    func clientIDs(matching text: String, tenant: TenantID) async throws -> [CustomerID] {
        try await ClientDirectory(sql: database.sql).ids(matching: text, tenant: tenant)
    }
}
