import CRMCore
import Foundation
import SQLKit

/// The wallets of one tenant's clients; every statement is scoped by `tenantId`. Balances move
/// only through `move`, on the caller's transaction, one guarded statement each.
struct WalletsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func balance(of client: CustomerID) async throws -> (balance: Money, currency: String, updatedAt: Date)? {
        struct Row: Decodable {
            let balanceMinor: Int64
            let currency: String
            let updatedAt: Date
        }
        return try await sql.raw(
            """
            SELECT balance_minor, currency, updated_at FROM client_wallets
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client)
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { (Money(minorUnits: $0.balanceMinor), $0.currency, $0.updatedAt) }
    }

    /// Adds `amount` (negative: takes it) to the client's balance and answers the balance after;
    /// nil when taking it would leave less than zero (nothing changes then). The first credit
    /// opens the wallet.
    func move(_ client: CustomerID, by amount: Money, currency: String, at now: Date) async throws -> Money? {
        if amount > .zero {
            try await sql.raw(
                """
                INSERT INTO client_wallets (tenant_id, client_id, balance_minor, currency, updated_at)
                VALUES (\(bind: tenantId), \(bind: client), 0, \(bind: currency), \(bind: now))
                ON CONFLICT (tenant_id, client_id) DO NOTHING
                """
            ).run()
        }
        let row = try await sql.raw(
            """
            UPDATE client_wallets SET balance_minor = balance_minor + \(bind: amount.minorUnits), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: client) AND balance_minor + \(bind: amount.minorUnits) >= 0
            RETURNING balance_minor
            """
        ).first()
        return try row.map { Money(minorUnits: try $0.decode(column: "balance_minor", as: Int64.self)) }
    }

    /// Appends the entry after the client's last one. Runs after `move` in the same transaction,
    /// whose UPDATE holds the wallet's row lock, so two entries never take one position.
    func insert(_ entry: WalletEntry) async throws {
        let e = entry
        try await sql.raw(
            """
            INSERT INTO wallet_entries (tenant_id, id, client_id, position, kind, amount_minor, balance_after_minor, currency, payment_id,
                invoice_id, appointment_id, comment, created_by, created_at)
            VALUES (\(bind: tenantId), \(bind: e.id), \(bind: e.clientId),
                (SELECT COALESCE(MAX(position), 0) + 1 FROM wallet_entries WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: e.clientId)),
                \(bind: e.kind.rawValue), \(bind: e.amount.minorUnits),
                \(bind: e.balanceAfter.minorUnits), \(bind: e.currency), \(bind: e.paymentId), \(bind: e.invoiceId), \(bind: e.appointmentId),
                \(bind: e.comment), \(bind: e.createdBy), \(bind: e.createdAt))
            """
        ).run()
    }

    struct EntryRow: Decodable {
        let id: UUID
        let clientId: CustomerID
        let position: Int64
        let kind: String
        let amountMinor: Int64
        let balanceAfterMinor: Int64
        let currency: String
        let paymentId: PaymentID?
        let invoiceId: InvoiceID?
        let appointmentId: AppointmentID?
        let comment: String?
        let createdBy: UserID?
        let createdAt: Date

        var entry: WalletEntry? {
            guard let kind = WalletEntryKind(rawValue: kind) else { return nil }
            return WalletEntry(
                id: id, clientId: clientId, kind: kind, amount: Money(minorUnits: amountMinor), balanceAfter: Money(minorUnits: balanceAfterMinor),
                currency: currency, paymentId: paymentId, invoiceId: invoiceId, appointmentId: appointmentId, comment: comment,
                createdBy: createdBy, createdAt: createdAt)
        }
    }

    static let entryColumns = [
        "id", "client_id", "position", "kind", "amount_minor", "balance_after_minor", "currency", "payment_id", "invoice_id", "appointment_id", "comment",
        "created_by", "created_at",
    ]

    /// The client's entries, newest first.
    func entries(of client: CustomerID, page: PageRequest) async throws -> (items: [WalletEntry], nextCursor: String?) {
        let after = try Keyset.position(page.cursor, columns: 1)
        let select = sql.select().columns(Self.entryColumns.map { SQLColumn($0) }).from("wallet_entries")
            .where("tenant_id", .equal, SQLBind(tenantId)).where("client_id", .equal, SQLBind(client))
        Keyset.apply(to: select, columns: [KeysetColumn("position", descending: true)], idColumn: "id", after: after, limit: page.limit)
        let rows = try await select.all(decoding: EntryRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.integer($0.position)], id: $0.id) }
        return (page.items.compactMap(\.entry), page.nextCursor)
    }
}
