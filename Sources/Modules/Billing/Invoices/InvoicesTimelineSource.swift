import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// Billing's entries in a client's history: invoices (`kind: invoice`, at their creation) with
/// their number, status and money. Money is `finance.read`'s to see.
public struct InvoicesTimelineSource: ClientTimelineSource {
    static let kind = "invoice"

    public init() {}

    public var permission: Permission? { .financeRead }

    public func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws -> [TimelineEntry] {
        try await InvoicesRepository(sql: sql, tenantId: tenant).timeline(of: client, kind: Self.kind, after: position, limit: limit).map { row in
            TimelineEntry(
                kind: Self.kind, id: row.id.uuidString.lowercased(), at: row.createdAt,
                data: .object([
                    "number": row.number.map(JSONValue.string) ?? .null, "status": .string(row.status), "currency": .string(row.currency),
                    "payable": .string(Money(minorUnits: row.payableMinor).description), "paid": .string(Money(minorUnits: row.paidMinor).description),
                    "refunded": .string(Money(minorUnits: row.refundedMinor).description),
                    "appointmentId": row.appointmentId.map { .string($0.uuidString.lowercased()) } ?? .null,
                ]))
        }
    }
}
