import CRMCore
import Foundation
import SQLKit

/// The client figures of SPEC §3 kept by the records that change them, in their transaction:
/// Booking calls it when an appointment completes, is a no-show or is cancelled inside the
/// window; Billing when money arrives or goes back. Auto-tags (and, later, scores) read them.
/// `rebuild` recomputes them from the records for data written before they were kept.
public struct ClientFigures: Sendable {
    /// A client's figures as the records say.
    public struct Values: Sendable, Equatable {
        public var visits: Int
        public var spent: Money
        public var lastVisitAt: Date?
        public var noShows: Int
        public var lateCancellations: Int

        public init(visits: Int = 0, spent: Money = .zero, lastVisitAt: Date? = nil, noShows: Int = 0, lateCancellations: Int = 0) {
            self.visits = visits
            self.spent = spent
            self.lastVisitAt = lastVisitAt
            self.noShows = noShows
            self.lateCancellations = lateCancellations
        }
    }

    let tenantId: TenantID

    public init(tenant: TenantID) { tenantId = tenant }

    /// `sql`: the transaction of the change.
    public func visitCompleted(_ client: CustomerID, startedAt start: Date, on sql: any SQLDatabase) async throws {
        try await ClientsRepository(sql: sql, tenantId: tenantId).addVisit(client, at: start)
    }

    public func noShow(_ client: CustomerID, on sql: any SQLDatabase) async throws {
        try await ClientsRepository(sql: sql, tenantId: tenantId).addNoShow(client)
    }

    public func lateCancellation(_ client: CustomerID, on sql: any SQLDatabase) async throws {
        try await ClientsRepository(sql: sql, tenantId: tenantId).addLateCancellation(client)
    }

    /// Money received (`amount` > 0) or refunded (< 0); the spend never goes below zero.
    public func spent(_ client: CustomerID, _ amount: Money, on sql: any SQLDatabase) async throws {
        try await ClientsRepository(sql: sql, tenantId: tenantId).addSpent(client, minorUnits: amount.minorUnits)
    }

    /// Sets every client's figures to `values` (missing clients: none of anything), in one
    /// transaction; answers how many clients it wrote.
    public func rebuild(_ values: [CustomerID: Values], database: Database) async throws -> Int {
        try await database.transaction { sql in
            let repository = ClientsRepository(sql: sql, tenantId: tenantId)
            let ids = try await repository.allIds()
            for id in ids { try await repository.setFigures(id, values[id] ?? Values()) }
            return ids.count
        }
    }
}
