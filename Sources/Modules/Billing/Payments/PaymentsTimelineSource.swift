import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// Billing's money in a client's history: money received (`kind: payment`) or given back
/// (`kind: refund`), each at the moment it succeeded — attempts that failed or wait are the
/// payments screen's, not the history's. Money is `finance.read`'s to see.
public struct PaymentsTimelineSource: ClientTimelineSource {
    let refunds: Bool
    var kind: String { refunds ? "refund" : "payment" }

    /// `refunds`: the source of refunds; else of payments.
    public init(refunds: Bool) { self.refunds = refunds }

    public var permission: Permission? { .financeRead }

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        try await PaymentsRepository(sql: sql, tenantId: tenant).timeline(of: client, refunds: refunds, kind: kind, after: position, limit: limit)
            .map { row in
                TimelineEntry(
                    kind: kind, id: row.id.uuidString.lowercased(), at: row.succeededAt,
                    data: .object([
                        "amount": .string(Money(minorUnits: row.amountMinor).description), "currency": .string(row.currency),
                        "channel": .string(row.provider), "paymentKind": .string(row.kind),
                        "invoiceId": row.invoiceId.map { .string($0.uuidString.lowercased()) } ?? .null,
                        "appointmentId": row.appointmentId.map { .string($0.uuidString.lowercased()) } ?? .null,
                    ]))
            }
    }
}
