import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `/clients`: the client base — list and search, card, create, edit, archive and restore.
public struct ClientsController: Sendable {
    let service: ClientsService

    public init(service: ClientsService) { self.service = service }

    public func addRoutes(tenant routes: TenantRoutes) {
        routes.get("clients", .needs(.clientsRead, feature: .clients), use: list)
        routes.post("clients", .needs(.clientsWrite, feature: .clients), use: create)
        routes.get("clients/{id}", .needs(.clientsRead, feature: .clients), use: show)
        routes.patch("clients/{id}", .needs(.clientsWrite, feature: .clients), use: update)
        routes.post("clients/{id}/archive", .needs(.clientsWrite, feature: .clients), use: archive)
        routes.post("clients/{id}/restore", .needs(.clientsWrite, feature: .clients), use: restore)
        routes.post("clients/autotags/recompute", .needs(.clientsWrite, feature: .clientsAutotags), use: recomputeAutoTags)
    }

    @Sendable func recomputeAutoTags(_ request: Request, context: TenantRequestContext) async throws -> AutoTagsService.Result {
        try await AutoTagsService(clients: service).recompute(scope: context.scope)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "tag": FilterSpec(.string, operators: [.eq, .in]),
            "loyaltyLevel": FilterSpec(.enumeration(Set(LoyaltyLevel.allCases.map(\.rawValue))), operators: [.eq, .in]),
            "lastVisitAt": FilterSpec(.dateTime, operators: [.gt, .gte, .lt, .lte]),
            "archived": FilterSpec(.bool),
        ],
        sortable: ["name", "lastVisitAt", "createdAt"], defaultSort: [.ascending("name")])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<ClientDTO> {
        let parameters = request.decodedQuery.pairs
        let query = try ListQuery.parse(parameters, spec: Self.listSpec, timeZone: context.timeZone)
        guard query.sort.count == 1, let sort = query.sort.first, let field = ClientSortField(rawValue: sort.field) else {
            throw AppError.validation(field: "sort", "single_key_only")
        }
        var filter = ClientListFilter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("tag", .string(let tag)): filter.tags = [tag.lowercased()]
            case ("tag", .list(let tags)): filter.tags = tags.compactMap { if case .string(let t) = $0 { t.lowercased() } else { nil } }
            case ("loyaltyLevel", .string(let level)): filter.loyaltyLevels = [LoyaltyLevel(rawValue: level)].compactMap { $0 }
            case ("loyaltyLevel", .list(let levels)):
                filter.loyaltyLevels = levels.compactMap { if case .string(let l) = $0 { LoyaltyLevel(rawValue: l) } else { nil } }
            case ("lastVisitAt", .dateTime(let at)): filter.lastVisit.append((condition.op, at))
            case ("archived", .bool(let archived)): filter.archived = archived
            default: break
            }
        }
        if let q = parameters.last(where: { $0.name == "q" })?.value.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            guard q.count <= 100 else { throw AppError.validation(field: "q", "too_long") }
            filter.text = ClientsRepository.key(q)
            filter.phoneDigits = PhoneNumber.searchDigits(q, country: try await service.country(context.scope))
        }
        if case .ownedBy(let user) = context.recordScope { filter.specialist = user }
        let page = try await service.clients(context.scope).list(filter, sort: field, descending: sort.descending, page: query.page)
        return Page(items: page.items.map { ClientDTO($0, pii: context.pii, view: .list) }, nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> ClientDTO {
        let client = try await service.visibleClient(try context.pathID(as: CustomerID.self), scope: context.scope)
        if context.pii.cardIsAuditedReveal, client.phone != nil || client.email != nil {
            try await service.recordReveal(of: client, scope: context.scope)
        }
        return ClientDTO(client, pii: context.pii, view: .card)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ClientDTO> {
        let body = try await BodyFields.decode(request, context: context)
        return EditedResponse(status: .created, response: ClientDTO(try await service.create(ClientInput.read(body, creating: true), scope: context.scope), pii: context.pii, view: .card))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> ClientDTO {
        let body = try await BodyFields.decode(request, context: context)
        return ClientDTO(try await service.update(try context.pathID(as: CustomerID.self), ClientInput.read(body, creating: false), scope: context.scope), pii: context.pii, view: .card)
    }

    @Sendable func archive(_ request: Request, context: TenantRequestContext) async throws -> ClientDTO {
        ClientDTO(try await service.setArchived(try context.pathID(as: CustomerID.self), true, scope: context.scope), pii: context.pii, view: .card)
    }

    @Sendable func restore(_ request: Request, context: TenantRequestContext) async throws -> ClientDTO {
        ClientDTO(try await service.setArchived(try context.pathID(as: CustomerID.self), false, scope: context.scope), pii: context.pii, view: .card)
    }

    /// A malformed id is as unknown as another tenant's.
}
