import CRMCore
import Foundation
import SQLKit

/// The invoices of one tenant; every statement is scoped by `tenantId`.
struct InvoicesRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> InvoicesRepository { InvoicesRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "number", "client_id", "appointment_id", "status", "currency", "subtotal_minor", "discount_minor", "payable_minor", "paid_minor",
        "refunded_minor", "notes", "issued_at", "voided_at", "void_reason", "created_by", "created_at", "updated_at",
    ]

    struct Row: Decodable {
        let id: InvoiceID
        let number: String?
        let clientId: CustomerID
        let appointmentId: AppointmentID?
        let status: String
        let currency: String
        let subtotalMinor: Int64
        let discountMinor: Int64
        let payableMinor: Int64
        let paidMinor: Int64
        let refundedMinor: Int64
        let notes: String?
        let issuedAt: Date?
        let voidedAt: Date?
        let voidReason: String?
        let createdBy: UserID?
        let createdAt: Date
        let updatedAt: Date

        func invoice(tenantId: TenantID, items: [InvoiceItem]) throws -> Invoice {
            guard let status = InvoiceStatus(rawValue: status) else { throw StoredInvoiceError(id: id) }
            return Invoice(
                id: id, tenantId: tenantId, number: number, clientId: clientId, appointmentId: appointmentId, status: status, currency: currency,
                items: items, subtotal: Money(minorUnits: subtotalMinor), discount: Money(minorUnits: discountMinor),
                payable: Money(minorUnits: payableMinor), paid: Money(minorUnits: paidMinor), refunded: Money(minorUnits: refundedMinor),
                notes: notes, issuedAt: issuedAt, voidedAt: voidedAt, voidReason: voidReason, createdBy: createdBy, createdAt: createdAt,
                updatedAt: updatedAt)
        }
    }

    struct StoredInvoiceError: Error, CustomStringConvertible {
        let id: InvoiceID
        var description: String { "invoice \(id) has an unreadable stored value" }
    }

    struct ItemRow: Decodable {
        let invoiceId: InvoiceID
        let serviceId: ServiceID?
        let description: String
        let quantity: Int
        let unitPriceMinor: Int64
    }

    struct Filter: Sendable {
        var clientId: CustomerID?
        var statuses: [InvoiceStatus]?
        var appointmentId: AppointmentID?
        /// `q`: a part of the number, or one of these clients (found by name or email).
        var search: (text: String, clients: [CustomerID])?
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("invoices").where("tenant_id", .equal, SQLBind(tenantId))
    }

    func find(_ id: InvoiceID) async throws -> Invoice? {
        guard let row = try await select().where("id", .equal, SQLBind(id)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { return nil }
        return try row.invoice(tenantId: tenantId, items: try await items(of: [id])[id] ?? [])
    }

    /// Newest first.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Invoice], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let client = filter.clientId { select.where("client_id", .equal, SQLBind(client)) }
        if let statuses = filter.statuses { select.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        if let appointment = filter.appointmentId { select.where("appointment_id", .equal, SQLBind(appointment)) }
        if let search = filter.search {
            let number: SQLQueryString = "number LIKE \(bind: LikePattern.containing(search.text.uppercased())) ESCAPE '!'"
            select.where(search.clients.isEmpty ? number : "(" + number + " OR client_id IN \(SQLBind.group(search.clients)))")
        }
        Keyset.apply(to: select, columns: [KeysetColumn("created_at", descending: true)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.createdAt)], id: $0.id.uuid) }
        let items = try await items(of: page.items.map(\.id))
        return (try page.items.map { try $0.invoice(tenantId: tenantId, items: items[$0.id] ?? []) }, page.nextCursor)
    }

    func items(of ids: [InvoiceID]) async throws -> [InvoiceID: [InvoiceItem]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw(
            """
            SELECT invoice_id, service_id, description, quantity, unit_price_minor FROM invoice_items
            WHERE tenant_id = \(bind: tenantId) AND invoice_id IN \(SQLBind.group(ids)) ORDER BY invoice_id, position
            """
        ).all(decoding: ItemRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.invoiceId).mapValues { rows in
            rows.map {
                InvoiceItem(
                    serviceId: $0.serviceId, description: $0.description, quantity: $0.quantity, unitPrice: Money(minorUnits: $0.unitPriceMinor))
            }
        }
    }

    /// An open (not void) invoice of the appointment, if any.
    func openInvoice(of appointment: AppointmentID) async throws -> InvoiceID? {
        struct IDRow: Decodable { let id: InvoiceID }
        return try await sql.raw(
            "SELECT id FROM invoices WHERE tenant_id = \(bind: tenantId) AND appointment_id = \(bind: appointment) AND status <> 'void' LIMIT 1"
        ).first(decoding: IDRow.self)?.id
    }

    func insert(_ i: Invoice) async throws {
        try await sql.raw(
            """
            INSERT INTO invoices (tenant_id, id, number, client_id, appointment_id, status, currency, subtotal_minor, discount_minor,
                payable_minor, paid_minor, refunded_minor, notes, issued_at, voided_at, void_reason, created_by, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: i.id), \(bind: i.number), \(bind: i.clientId), \(bind: i.appointmentId), \(bind: i.status.rawValue),
                \(bind: i.currency), \(bind: i.subtotal.minorUnits), \(bind: i.discount.minorUnits), \(bind: i.payable.minorUnits),
                \(bind: i.paid.minorUnits), \(bind: i.refunded.minorUnits), \(bind: i.notes), \(bind: i.issuedAt), \(bind: i.voidedAt),
                \(bind: i.voidReason), \(bind: i.createdBy), \(bind: i.createdAt), \(bind: i.updatedAt))
            """
        ).run()
        for (position, item) in i.items.enumerated() {
            try await sql.raw(
                """
                INSERT INTO invoice_items (tenant_id, invoice_id, position, service_id, description, quantity, unit_price_minor, total_minor)
                VALUES (\(bind: tenantId), \(bind: i.id), \(bind: position), \(bind: item.serviceId), \(bind: item.description),
                        \(bind: item.quantity), \(bind: item.unitPrice.minorUnits), \(bind: item.total.minorUnits))
                """
            ).run()
        }
    }

    /// Status, number, amounts paid and refunded, void details.
    func update(_ i: Invoice) async throws {
        try await sql.raw(
            """
            UPDATE invoices SET number = \(bind: i.number), status = \(bind: i.status.rawValue), paid_minor = \(bind: i.paid.minorUnits),
                refunded_minor = \(bind: i.refunded.minorUnits), issued_at = \(bind: i.issuedAt), voided_at = \(bind: i.voidedAt),
                void_reason = \(bind: i.voidReason), updated_at = \(bind: i.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: i.id)
            """
        ).run()
    }

    func lock(_ id: InvoiceID) async throws {
        try await sql.raw("UPDATE invoices SET status = status WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }

    /// The next number of `year` for the tenant, taken in the caller's transaction: the counter
    /// row is locked until commit and a rollback gives the number back, so numbers have no gaps.
    func allocateNumber(year: Int) async throws -> String {
        struct Row: Decodable { let lastNumber: Int64 }
        let row = try await sql.raw(
            """
            INSERT INTO invoice_counters (tenant_id, year, last_number) VALUES (\(bind: tenantId), \(bind: year), 1)
            ON CONFLICT (tenant_id, year) DO UPDATE SET last_number = invoice_counters.last_number + 1
            RETURNING last_number
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row else { throw AppError.internal }
        return "\(year)-\(String(row.lastNumber).leftPadded(to: 6))"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
