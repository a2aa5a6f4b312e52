import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Clients

/// `/clients/{id}/wallet`: a client's wallet balance and its ledger, for `finance.read` (every
/// plan: `invoices`). Money moves through `/payments` (top-ups, paying from the wallet, refunds
/// to it), never here.
public struct WalletsController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.financeRead, feature: .invoices)
        routes.get("clients/{id}/wallet", read, use: show)
        routes.get("clients/{id}/wallet/entries", read, use: entries)
    }

    /// The client of the path in the caller's studio; anyone else's is 404.
    func client(_ context: TenantRequestContext) async throws -> CustomerID {
        let id = try context.pathID(as: CustomerID.self)
        guard try await ClientDirectory(sql: database.sql).client(id, tenant: context.scope.tenantId) != nil else { throw AppError.notFound() }
        return id
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> WalletDTO {
        let id = try await client(context)
        let stored = try await WalletsRepository(sql: database.sql, tenantId: context.scope.tenantId).balance(of: id)
        return WalletDTO(
            clientId: id, balance: stored?.balance ?? .zero, currency: stored?.currency ?? context.scope.tenant.currency,
            updatedAt: stored?.updatedAt)
    }

    static let listSpec = ListQuerySpec()

    @Sendable func entries(_ request: Request, context: TenantRequestContext) async throws -> Page<WalletEntryDTO> {
        let id = try await client(context)
        let query = try ListQuery.parse(request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        let page = try await WalletsRepository(sql: database.sql, tenantId: context.scope.tenantId).entries(of: id, page: query.page)
        return Page(items: page.items.map(WalletEntryDTO.init), nextCursor: page.nextCursor)
    }
}

struct WalletDTO: Encodable, ResponseEncodable, Sendable {
    let clientId: CustomerID
    let balance: Money
    let currency: String
    let updatedAt: Date?
}

struct WalletEntryDTO: Encodable, ResponseEncodable, Sendable {
    let id: UUID
    let kind: WalletEntryKind
    let amount: Money
    let balanceAfter: Money
    let currency: String
    let paymentId: PaymentID?
    let invoiceId: InvoiceID?
    let appointmentId: AppointmentID?
    let comment: String?
    let createdBy: UserID?
    let createdAt: Date

    init(_ e: WalletEntry) {
        id = e.id
        kind = e.kind
        amount = e.amount
        balanceAfter = e.balanceAfter
        currency = e.currency
        paymentId = e.paymentId
        invoiceId = e.invoiceId
        appointmentId = e.appointmentId
        comment = e.comment
        createdBy = e.createdBy
        createdAt = e.createdAt
    }
}
