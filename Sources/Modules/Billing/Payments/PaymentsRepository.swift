import CRMCore
import Foundation
import SQLKit

/// The payments of one tenant; every statement is scoped by `tenantId`.
struct PaymentsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> PaymentsRepository { PaymentsRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "chain_id", "parent_id", "invoice_id", "appointment_id", "client_id", "kind", "provider", "provider_payment_id", "status",
        "amount_minor", "currency", "capture", "refunded_minor", "refund_reserved_minor", "attempt", "is_fallback", "confirmation_url",
        "client_secret", "failure_reason", "raw_payload", "comment", "webhook_due_at", "superseded_at", "succeeded_at", "created_by",
        "created_at", "updated_at",
    ]

    struct Row: Decodable {
        let id: PaymentID
        let chainId: PaymentID
        let parentId: PaymentID?
        let invoiceId: InvoiceID?
        let appointmentId: AppointmentID?
        let clientId: CustomerID
        let kind: String
        let provider: String
        let providerPaymentId: String?
        let status: String
        let amountMinor: Int64
        let currency: String
        let capture: Bool
        let refundedMinor: Int64
        let refundReservedMinor: Int64
        let attempt: Int
        let isFallback: Bool
        let confirmationUrl: String?
        let clientSecret: String?
        let failureReason: String?
        let rawPayload: String?
        let comment: String?
        let webhookDueAt: Date?
        let supersededAt: Date?
        let succeededAt: Date?
        let createdBy: UserID?
        let createdAt: Date
        let updatedAt: Date

        func payment(tenantId: TenantID) throws -> Payment {
            guard let kind = PaymentKind(rawValue: kind), let channel = PaymentChannel(rawValue: provider),
                let status = PaymentState(rawValue: status)
            else { throw StoredPaymentError(id: id) }
            return Payment(
                id: id, tenantId: tenantId, chainId: chainId, parentId: parentId, invoiceId: invoiceId, appointmentId: appointmentId,
                clientId: clientId, kind: kind, channel: channel, providerPaymentId: providerPaymentId, status: status,
                amount: Money(minorUnits: amountMinor), currency: currency, capture: capture, refunded: Money(minorUnits: refundedMinor),
                refundReserved: Money(minorUnits: refundReservedMinor), attempt: attempt, isFallback: isFallback, confirmationURL: confirmationUrl,
                clientSecret: clientSecret, failureReason: failureReason, rawPayload: rawPayload, comment: comment, webhookDueAt: webhookDueAt,
                supersededAt: supersededAt, succeededAt: succeededAt, createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    struct StoredPaymentError: Error, CustomStringConvertible {
        let id: PaymentID
        var description: String { "payment \(id) has an unreadable stored value" }
    }

    struct Filter: Sendable {
        var invoiceId: InvoiceID?
        var appointmentId: AppointmentID?
        var clientId: CustomerID?
        var kinds: [PaymentKind]?
        var statuses: [PaymentState]?
        var channels: [PaymentChannel]?
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("payments").where("tenant_id", .equal, SQLBind(tenantId))
    }

    private func decode(_ select: SQLSelectBuilder) async throws -> [Payment] {
        try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.payment(tenantId: tenantId) }
    }

    func find(_ id: PaymentID) async throws -> Payment? {
        try await decode(select().where("id", .equal, SQLBind(id))).first
    }

    func find(channel: PaymentChannel, providerPaymentId: String) async throws -> Payment? {
        try await decode(select().where("provider", .equal, SQLBind(channel.rawValue)).where("provider_payment_id", .equal, SQLBind(providerPaymentId)))
            .first
    }

    /// Every attempt of a chain, first attempt first.
    func chain(_ chainId: PaymentID) async throws -> [Payment] {
        try await decode(select().where("chain_id", .equal, SQLBind(chainId)).where("kind", .notEqual, SQLBind("refund")).orderBy("attempt"))
    }

    /// The refunds of a payment, oldest first.
    func refunds(of paymentId: PaymentID) async throws -> [Payment] {
        try await decode(select().where("parent_id", .equal, SQLBind(paymentId)).where("kind", .equal, SQLBind("refund")).orderBy("created_at"))
    }

    func payments(ofInvoice invoiceId: InvoiceID) async throws -> [Payment] {
        Self.inOrder(try await decode(select().where("invoice_id", .equal, SQLBind(invoiceId))))
    }

    /// Oldest first; at the same instant a payment before its refunds, attempts in their order.
    static func inOrder(_ payments: [Payment]) -> [Payment] {
        payments.sorted {
            ($0.createdAt, $0.kind == .refund ? 1 : 0, $0.attempt, $0.id.description) < ($1.createdAt, $1.kind == .refund ? 1 : 0, $1.attempt, $1.id.description)
        }
    }

    /// The payments (refunds included) of several invoices at once, oldest first in each.
    func payments(ofInvoices ids: [InvoiceID]) async throws -> [InvoiceID: [Payment]] {
        guard !ids.isEmpty else { return [:] }
        let payments = Self.inOrder(try await decode(select().where("invoice_id", .in, SQLBind.group(ids))))
        return Dictionary(grouping: payments) { $0.invoiceId! }
    }

    func payments(ofAppointment appointmentId: AppointmentID) async throws -> [Payment] {
        Self.inOrder(try await decode(select().where("appointment_id", .equal, SQLBind(appointmentId))))
    }

    /// Newest first.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Payment], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let invoice = filter.invoiceId { select.where("invoice_id", .equal, SQLBind(invoice)) }
        if let appointment = filter.appointmentId { select.where("appointment_id", .equal, SQLBind(appointment)) }
        if let client = filter.clientId { select.where("client_id", .equal, SQLBind(client)) }
        if let kinds = filter.kinds { select.where("kind", .in, SQLBind.group(kinds.map(\.rawValue))) }
        if let statuses = filter.statuses { select.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        if let channels = filter.channels { select.where("provider", .in, SQLBind.group(channels.map(\.rawValue))) }
        Keyset.apply(to: select, columns: [KeysetColumn("created_at", descending: true)], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.createdAt)], id: $0.id.uuid) }
        return (try page.items.map { try $0.payment(tenantId: tenantId) }, page.nextCursor)
    }

    func insert(_ p: Payment) async throws {
        try await sql.raw(
            """
            INSERT INTO payments (tenant_id, id, chain_id, parent_id, invoice_id, appointment_id, client_id, kind, provider, provider_payment_id,
                status, amount_minor, currency, capture, refunded_minor, refund_reserved_minor, attempt, is_fallback, confirmation_url,
                client_secret, failure_reason, raw_payload, comment, webhook_due_at, superseded_at, succeeded_at, created_by, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: p.id), \(bind: p.chainId), \(bind: p.parentId), \(bind: p.invoiceId), \(bind: p.appointmentId),
                \(bind: p.clientId), \(bind: p.kind.rawValue), \(bind: p.channel.rawValue), \(bind: p.providerPaymentId), \(bind: p.status.rawValue),
                \(bind: p.amount.minorUnits), \(bind: p.currency), \(bind: p.capture), \(bind: p.refunded.minorUnits),
                \(bind: p.refundReserved.minorUnits), \(bind: p.attempt), \(bind: p.isFallback), \(bind: p.confirmationURL),
                \(bind: p.clientSecret), \(bind: p.failureReason), \(bind: p.rawPayload), \(bind: p.comment), \(bind: p.webhookDueAt),
                \(bind: p.supersededAt), \(bind: p.succeededAt), \(bind: p.createdBy), \(bind: p.createdAt), \(bind: p.updatedAt))
            """
        ).run()
    }

    /// Everything that changes after creation.
    func update(_ p: Payment) async throws {
        try await sql.raw(
            """
            UPDATE payments SET invoice_id = \(bind: p.invoiceId), provider_payment_id = \(bind: p.providerPaymentId),
                status = \(bind: p.status.rawValue), amount_minor = \(bind: p.amount.minorUnits), refunded_minor = \(bind: p.refunded.minorUnits),
                refund_reserved_minor = \(bind: p.refundReserved.minorUnits), confirmation_url = \(bind: p.confirmationURL),
                client_secret = \(bind: p.clientSecret), failure_reason = \(bind: p.failureReason), raw_payload = \(bind: p.rawPayload),
                webhook_due_at = \(bind: p.webhookDueAt), superseded_at = \(bind: p.supersededAt), succeeded_at = \(bind: p.succeededAt),
                updated_at = \(bind: p.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: p.id)
            """
        ).run()
    }

    /// Links the appointment's succeeded deposits (and their refunds) that belong to no invoice
    /// yet to `invoice`; answers the deposits.
    func attachDeposits(of appointment: AppointmentID, to invoice: InvoiceID, now: Date) async throws -> [Payment] {
        let deposits = try await payments(ofAppointment: appointment).filter { $0.kind == .deposit && $0.status == .succeeded && $0.invoiceId == nil }
        for deposit in deposits {
            try await sql.raw(
                """
                UPDATE payments SET invoice_id = \(bind: invoice), updated_at = \(bind: now)
                WHERE tenant_id = \(bind: tenantId) AND (id = \(bind: deposit.id) OR parent_id = \(bind: deposit.id)) AND invoice_id IS NULL
                """
            ).run()
        }
        return deposits.map {
            var attached = $0
            attached.invoiceId = invoice
            return attached
        }
    }

    /// Takes the row's write lock for the rest of the transaction (on SQLite the transaction
    /// already holds the database's write lock), so concurrent changes of one payment queue up.
    func lock(_ id: PaymentID) async throws {
        try await sql.raw("UPDATE payments SET status = status WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }

    /// Records a provider notification once; false when this event was already taken.
    func takeWebhookEvent(channel: PaymentChannel, key: String, payment: PaymentID?, now: Date) async throws -> Bool {
        let rows = try await sql.raw(
            """
            INSERT INTO payment_webhook_events (tenant_id, provider, event_key, payment_id, received_at)
            VALUES (\(bind: tenantId), \(bind: channel.rawValue), \(bind: key), \(bind: payment), \(bind: now))
            ON CONFLICT (tenant_id, provider, event_key) DO NOTHING
            RETURNING event_key
            """
        ).all()
        return !rows.isEmpty
    }

    /// Housekeeping across tenants: taken webhook events older than `cutoff` go.
    static func pruneWebhookEvents(before cutoff: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM payment_webhook_events WHERE received_at < \(bind: cutoff)").run()
    }
}
