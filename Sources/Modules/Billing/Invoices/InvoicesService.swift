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

    static let maxItems = 50
    static let maxQuantity = 1000

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

    func create(_ body: BodyFields, scope: TenantScope) async throws -> Invoice {
        var fields = body
        let clientId: BodyField<CustomerID> = fields.id("clientId")
        let appointmentId: BodyField<AppointmentID> = fields.id("appointmentId")
        let itemValues = fields.array("items")
        let discount = fields.money("discount")
        let notes = fields.text("notes", maxLength: 2000)
        let draft = fields.bool("draft")
        var problems = fields.problems
        if let value = discount.value, value < .zero { problems["discount"] = "negative" }
        let services = ServicesRepository(sql: database.sql, tenantId: scope.tenantId)
        var appointment: Appointment?
        if let id = appointmentId.value {
            appointment = try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).appointment(id)
            if appointment == nil { problems["appointmentId"] = "not_found" }
        }
        var client: CustomerID? = clientId.value ?? appointment?.clientId
        if let appointment, let given = clientId.value, given != appointment.clientId { problems["clientId"] = "mismatch" }
        if client == nil, problems["clientId"] == nil, problems["appointmentId"] == nil { problems["clientId"] = "required" }
        if let id = client {
            if (try? await clients.visibleClient(id, scope: scope)) == nil {
                problems["clientId"] = "not_found"
                client = nil
            }
        }
        var items: [InvoiceItem] = []
        if let values = itemValues.value {
            if values.isEmpty || values.count > Self.maxItems { problems["items"] = values.isEmpty ? "required" : "too_many_values" }
            for (index, value) in values.enumerated() {
                if let item = try await Self.item(value, index: index, services: services, into: &problems) { items.append(item) }
            }
        } else if let appointment {
            let name = try await services.find(appointment.serviceId)?.name ?? "—"
            items = [InvoiceItem(serviceId: appointment.serviceId, description: name, quantity: 1, unitPrice: appointment.price)]
        } else if problems["items"] == nil {
            problems["items"] = "required"
        }
        let subtotal = Money.sum(items.map(\.total))
        let discountValue = discount.value ?? .zero
        if discountValue > subtotal, problems["discount"] == nil, problems.isEmpty { problems["discount"] = "exceeds_subtotal" }
        guard problems.isEmpty, let client else { throw AppError.validation(problems) }
        let now = scope.clock.now()
        let isDraft = draft.value ?? false
        let year = TenantTime.localDate(of: now, in: scope.timeZone).year
        var invoice = Invoice(
            id: .random(), tenantId: scope.tenantId, number: nil, clientId: client, appointmentId: appointment?.id,
            status: isDraft ? .draft : .issued, currency: scope.tenant.currency, items: items, subtotal: subtotal, discount: discountValue,
            payable: subtotal - discountValue, paid: .zero, refunded: .zero, notes: notes.value, issuedAt: isDraft ? nil : now, voidedAt: nil,
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
    static func item(_ value: BodyValue, index: Int, services: ServicesRepository, into problems: inout [String: String]) async throws
        -> InvoiceItem?
    {
        var fields = BodyFields(value, path: "items.\(index).")
        let serviceId: BodyField<ServiceID> = fields.id("serviceId")
        let description = fields.text("description", maxLength: 300)
        let quantity = fields.integer("quantity")
        let unitPrice = fields.money("unitPrice")
        var service: StudioService?
        if let id = serviceId.value {
            service = try await services.find(id)
            if service == nil { fields.problem("serviceId", "not_found") }
        }
        if service == nil, serviceId.value == nil {
            fields.require("description", description, creating: true)
            fields.require("unitPrice", unitPrice, creating: true)
        }
        if let quantity = quantity.value, !(1...maxQuantity).contains(quantity) { fields.problem("quantity", "out_of_range") }
        if let price = unitPrice.value, price < .zero { fields.problem("unitPrice", "negative") }
        if let text = description.value, text.trimmingCharacters(in: .whitespaces).isEmpty { fields.problem("description", "required") }
        problems.merge(fields.problems) { first, _ in first }
        guard fields.problems.isEmpty, let text = description.value ?? service?.name, let price = unitPrice.value ?? service?.basePrice else {
            return nil
        }
        return InvoiceItem(serviceId: service?.id, description: text, quantity: quantity.value ?? 1, unitPrice: price)
    }

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
