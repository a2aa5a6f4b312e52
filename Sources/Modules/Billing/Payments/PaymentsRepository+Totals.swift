import CRMCore
import Foundation
import SQLKit

extension PaymentsRepository {
    /// Money received from each client less what went back: succeeded payments add, succeeded
    /// refunds subtract (as `PaymentsLedger` does when each of them happens).
    func netReceivedByClient() async throws -> [CustomerID: Money] {
        struct Row: Decodable {
            let clientId: CustomerID
            let kind: String
            let amountMinor: Int64
        }
        let rows = try await sql.raw(
            "SELECT client_id, kind, amount_minor FROM payments WHERE tenant_id = \(bind: tenantId) AND status = 'succeeded'"
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var totals: [CustomerID: Money] = [:]
        for row in rows {
            let amount = Money(minorUnits: row.amountMinor)
            totals[row.clientId, default: .zero] += row.kind == PaymentKind.refund.rawValue ? -amount : amount
        }
        return totals
    }
}

/// What Billing tells others about money by client (the rebuild of the client figures).
public struct PaymentTotals: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    public init(sql: any SQLDatabase, tenantId: TenantID) {
        self.sql = sql
        self.tenantId = tenantId
    }

    public func netReceivedByClient() async throws -> [CustomerID: Money] {
        try await PaymentsRepository(sql: sql, tenantId: tenantId).netReceivedByClient()
    }
}

extension PaymentsRepository {
    /// Money that arrived in `[from, to)` less refunds that went back in it, by the moment each
    /// succeeded.
    func netReceived(from: Date, to: Date) async throws -> Money {
        let rows = try await sql.raw(
            """
            SELECT kind, amount_minor FROM payments
            WHERE tenant_id = \(bind: tenantId) AND status = 'succeeded' AND succeeded_at >= \(bind: from) AND succeeded_at < \(bind: to)
            """
        ).all()
        var total = Money.zero
        for row in rows {
            let amount = Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self))
            total += try row.decode(column: "kind", as: String.self) == PaymentKind.refund.rawValue ? -amount : amount
        }
        return total
    }

    /// Manual payments recorded at the desk and waiting for someone to approve them.
    func manualAwaitingApproval() async throws -> Int {
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM payments
            WHERE tenant_id = \(bind: tenantId) AND provider = 'manual' AND kind <> 'refund' AND status = 'pending'
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

extension PaymentTotals {
    public func netReceived(from: Date, to: Date) async throws -> Money {
        try await PaymentsRepository(sql: sql, tenantId: tenantId).netReceived(from: from, to: to)
    }

    public func manualAwaitingApproval() async throws -> Int {
        try await PaymentsRepository(sql: sql, tenantId: tenantId).manualAwaitingApproval()
    }
}
