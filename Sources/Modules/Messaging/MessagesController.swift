import CRMCore
import Foundation
import Hummingbird
import Providers
import Tenancy

/// `/messages`: what the studio sent to and received from its clients. Sending and scheduling
/// need `clients.write` and the `messages.manual` feature (every plan); reading needs
/// `clients.read`. A specialist works with the messages of the clients they may see.
public struct MessagesController: Sendable {
    let service: MessagesService

    public init(service: MessagesService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.clientsRead, feature: .messagesManual)
        let write = RoutePolicy.needs(.clientsWrite, feature: .messagesManual)
        routes.get("messages", read, use: list)
        routes.post("messages", write, use: send)
        routes.post("messages/schedule", write, use: schedule)
        routes.get("messages/{id}", read, use: show)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "clientId": FilterSpec(.uuid), "channel": FilterSpec(.enumeration(Set(MessageChannel.allCases.map(\.rawValue)))),
            "status": FilterSpec(.enumeration(Set(MessageStatus.allCases.map(\.rawValue))), operators: [.eq, .in]),
            "direction": FilterSpec(.enumeration(["outbound", "inbound"])), "from": FilterSpec(.dateTime), "to": FilterSpec(.dateTime),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<MessageDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = MessagesRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("clientId", .uuid(let id)): filter.clientId = CustomerID(id)
            case ("channel", .string(let channel)): filter.channel = MessageChannel(rawValue: channel)
            case ("status", .string(let status)): filter.statuses = MessageStatus(rawValue: status).map { [$0] }
            case ("status", .list(let values)):
                filter.statuses = values.compactMap { if case .string(let text) = $0 { MessageStatus(rawValue: text) } else { nil } }
            case ("direction", .string(let direction)): filter.direction = MessageDirection(rawValue: direction)
            case ("from", .dateTime(let from)): filter.from = from
            case ("to", .dateTime(let to)): filter.to = to
            default: continue
            }
        }
        let page = try await service.list(filter, page: query.page, scope: context.scope)
        let names = try await service.clientNames(page.items.compactMap(\.clientId), tenant: context.scope.tenantId)
        return Page(
            items: page.items.map {
                var dto = MessageDTO($0, timeZone: context.timeZone, pii: context.pii, view: .list)
                dto.clientName = $0.clientId.flatMap { names[$0] }
                return dto
            }, nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> MessageDTO {
        let id = try context.pathID(as: MessageID.self)
        return try await named(try await service.message(id, scope: context.scope), context)
    }

    @Sendable func send(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<MessageDTO> {
        try await compose(request, context: context, scheduled: false)
    }

    @Sendable func schedule(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<MessageDTO> {
        try await compose(request, context: context, scheduled: true)
    }

    private func compose(_ request: Request, context: TenantRequestContext, scheduled: Bool) async throws -> EditedResponse<MessageDTO> {
        let draft = MessageDraft.read(try await BodyFields.decode(request, context: context), scheduled: scheduled, timeZone: context.timeZone)
        let message = try await service.compose(draft, scope: context.scope)
        return EditedResponse(status: .accepted, response: try await named(message, context))
    }

    /// One message as its card shows it, with its client's name.
    private func named(_ message: Message, _ context: TenantRequestContext) async throws -> MessageDTO {
        var dto = MessageDTO(message, timeZone: context.timeZone, pii: context.pii, view: .card)
        if let id = message.clientId { dto.clientName = try await service.clientNames([id], tenant: context.scope.tenantId)[id] }
        return dto
    }
}
