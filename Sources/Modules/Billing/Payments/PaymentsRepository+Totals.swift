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
