import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/clients/{id}/discounts`: a client's personal discounts. Reading needs `clients.read`,
/// granting and revoking `clients.write`; every plan (`clients`).
public struct ClientDiscountsController: Sendable {
    let service: ClientDiscountsService

    public init(service: ClientDiscountsService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("clients/{id}/discounts", .needs(.clientsRead, feature: .clients), use: list)
        routes.post("clients/{id}/discounts", .needs(.clientsWrite, feature: .clients), use: grant)
        routes.delete("clients/{id}/discounts/{discountId}", .needs(.clientsWrite, feature: .clients), use: revoke)
    }

    struct Listing: ResponseEncodable { let items: [ClientDiscountDTO] }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Listing {
        let now = context.clock.now()
        let items = try await service.list(of: try context.pathID(as: CustomerID.self), scope: context.scope)
        return Listing(items: items.map { ClientDiscountDTO($0, now: now, timeZone: context.timeZone) })
    }

    @Sendable func grant(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ClientDiscountDTO> {
        let clientId = try context.pathID(as: CustomerID.self)
        let input = ClientDiscountInput.read(try await BodyFields.decode(request, context: context))
        let granted = try await service.grant(to: clientId, input, scope: context.scope)
        return EditedResponse(status: .created, response: ClientDiscountDTO(granted, now: context.clock.now(), timeZone: context.timeZone))
    }

    @Sendable func revoke(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let clientId = try context.pathID(as: CustomerID.self)
        guard let text = context.parameters.get("discountId"), let id = ClientDiscountID(string: text) else { throw AppError.notFound() }
        try await service.revoke(id, of: clientId, scope: context.scope)
        return Response(status: .noContent)
    }
}

struct ClientDiscountDTO: Encodable, ResponseEncodable, Sendable {
    let id: ClientDiscountID
    let clientId: CustomerID
    let kind: ClientDiscount.Kind
    let percent: Int?
    let amount: Money?
    let serviceIds: [ServiceID]?
    let expiresAt: String?
    let note: String?
    /// Not revoked and not expired.
    let active: Bool
    let createdBy: UserID?
    let createdAt: Date
    let revokedAt: Date?

    init(_ d: ClientDiscount, now: Date, timeZone: TimeZone) {
        id = d.id
        clientId = d.clientId
        kind = d.kind
        percent = d.percent
        amount = d.amount
        serviceIds = d.serviceIds
        expiresAt = d.expiresAt.map { TenantTime.formatISO($0, in: timeZone) }
        note = d.note
        active = d.revokedAt == nil && (d.expiresAt.map { now < $0 } ?? true)
        createdBy = d.createdBy
        createdAt = d.createdAt
        revokedAt = d.revokedAt
    }
}
