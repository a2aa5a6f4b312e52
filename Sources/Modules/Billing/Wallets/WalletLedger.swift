import CRMCore
import Foundation
import SQLKit
import Tenancy

/// The one way a wallet's balance changes: in the transaction of the payment or refund that
/// causes it, with its ledger row, audit entry and `wallet.changed` event.
enum WalletLedger {
    /// Moves the client's wallet by `amount` (negative: takes money off). Taking more than the
    /// balance is `409 wallet_insufficient` (with the balance) and changes nothing.
    static func move(
        _ client: CustomerID, by amount: Money, kind: WalletEntryKind, payment: Payment?, comment: String? = nil, createdBy: UserID?,
        tenant: Tenant, now: Date, on sql: any SQLDatabase
    ) async throws -> MutationRecord {
        let wallets = WalletsRepository(sql: sql, tenantId: tenant.id)
        let currency = payment?.currency ?? tenant.currency
        guard let after = try await wallets.move(client, by: amount, currency: currency, at: now) else {
            let balance = try await wallets.balance(of: client)?.balance ?? .zero
            throw AppError.conflict("wallet_insufficient", details: ["balance": .string(balance.description), "amount": .string((-amount).description)])
        }
        let entry = WalletEntry(
            id: UUID(), clientId: client, kind: kind, amount: amount, balanceAfter: after, currency: currency, paymentId: payment?.id,
            invoiceId: payment?.invoiceId, appointmentId: payment?.appointmentId, comment: comment, createdBy: createdBy, createdAt: now)
        try await wallets.insert(entry)
        return MutationRecord(action: "wallet.changed", entityType: "client", entityId: client.description, after: entry.auditSnapshot)
    }
}
