import CRMCore
import Foundation
import Hummingbird
import Tenancy
import Booking

/// `/invoices`: reading needs `finance.read`, changes `finance.write`; both the `invoices`
/// feature (every plan).
public struct InvoicesController: Sendable {
    let service: InvoicesService

    public init(service: InvoicesService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.financeRead, feature: .invoices)
        let write = RoutePolicy.needs(.financeWrite, feature: .invoices)
        routes.get("invoices", read, use: list)
        routes.post("invoices", write, use: create)
        routes.get("invoices/{id}", read, use: show)
        routes.post("invoices/{id}/issue", write, use: issue)
        routes.post("invoices/{id}/void", write, use: void)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "clientId": FilterSpec(.uuid), "appointmentId": FilterSpec(.uuid),
            "status": FilterSpec(.enumeration(Set(InvoiceStatus.allCases.map(\.rawValue))), operators: [.eq, .in]),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<InvoiceDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = InvoicesRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("clientId", .uuid(let id)): filter.clientId = CustomerID(id)
            case ("appointmentId", .uuid(let id)): filter.appointmentId = AppointmentID(id)
            case ("status", .string(let status)): filter.statuses = InvoiceStatus(rawValue: status).map { [$0] }
            case ("status", .list(let values)):
                filter.statuses = values.compactMap { if case .string(let text) = $0 { InvoiceStatus(rawValue: text) } else { nil } }
            default: continue
            }
        }
        if let q = request.decodedQuery.pairs.last(where: { $0.name == "q" })?.value.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            guard q.count <= 100 else { throw AppError.validation(field: "q", "too_long") }
            filter.search = (q, try await service.clientIDs(matching: q, tenant: context.scope.tenantId))
        }
        let page = try await service.list(filter, page: query.page, scope: context.scope)
        let payments = try await service.payments(of: page.items.map(\.id), scope: context.scope)
        let names = try await service.clientNames(page.items.map(\.clientId), tenant: context.scope.tenantId)
        return Page(
            items: page.items.map { InvoiceDTO($0, clientName: names[$0.clientId], timeZone: context.timeZone, payments: payments[$0.id] ?? []) },
            nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> InvoiceDTO {
        try await dto(try await service.invoice(try context.pathID(as: InvoiceID.self), scope: context.scope), context)
    }

    /// One invoice with its payments and refunds.
    func dto(_ invoice: Invoice, _ context: TenantRequestContext) async throws -> InvoiceDTO {
        let name = try await service.clientNames([invoice.clientId], tenant: context.scope.tenantId)[invoice.clientId]
        return InvoiceDTO(
            invoice, clientName: name, timeZone: context.timeZone,
            payments: try await service.payments(of: [invoice.id], scope: context.scope)[invoice.id] ?? [])
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<InvoiceDTO> {
        let input = InvoiceInput.read(try await BodyFields.decode(request, context: context))
        let invoice = try await service.create(input, scope: context.scope)
        return EditedResponse(status: .created, response: try await dto(invoice, context))
    }

    @Sendable func issue(_ request: Request, context: TenantRequestContext) async throws -> InvoiceDTO {
        try await dto(try await service.issue(try context.pathID(as: InvoiceID.self), scope: context.scope), context)
    }

    @Sendable func void(_ request: Request, context: TenantRequestContext) async throws -> InvoiceDTO {
        let id = try context.pathID(as: InvoiceID.self)
        // The same optional `{reason}` body as the appointment shortcuts.
        let reason = try await BodyFields.optionalReason(request, context: context)
        return try await dto(try await service.void(id, reason: reason, scope: context.scope), context)
    }
}

struct InvoiceDTO: Encodable, Sendable, ResponseEncodable {
    struct Item: Encodable, Sendable {
        let serviceId: ServiceID?
        let description: String
        let quantity: Int
        let unitPrice: Money
        let total: Money
    }

    let id: InvoiceID
    let number: String?
    let clientId: CustomerID
    /// The client's name now (lists name their rows without a request per client).
    let clientName: String?
    let appointmentId: AppointmentID?
    let status: InvoiceStatus
    let currency: String
    let items: [Item]
    let subtotal: Money
    let discount: Money
    let payable: Money
    let paid: Money
    let refunded: Money
    let balance: Money
    let notes: String?
    let issuedAt: String?
    let voidedAt: String?
    let voidReason: String?
    /// The invoice's payments and refunds, oldest first.
    let payments: [InvoicePaymentDTO]
    let createdBy: UserID?
    let createdAt: Date
    let updatedAt: Date

    init(_ i: Invoice, clientName: String?, timeZone: TimeZone, payments: [Payment]) {
        id = i.id
        number = i.number
        clientId = i.clientId
        self.clientName = clientName
        appointmentId = i.appointmentId
        status = i.status
        currency = i.currency
        items = i.items.map {
            Item(serviceId: $0.serviceId, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice, total: $0.total)
        }
        subtotal = i.subtotal
        discount = i.discount
        payable = i.payable
        paid = i.paid
        refunded = i.refunded
        balance = i.balance
        notes = i.notes
        issuedAt = i.issuedAt.map { TenantTime.formatISO($0, in: timeZone) }
        voidedAt = i.voidedAt.map { TenantTime.formatISO($0, in: timeZone) }
        voidReason = i.voidReason
        self.payments = payments.map(InvoicePaymentDTO.init)
        createdBy = i.createdBy
        createdAt = i.createdAt
        updatedAt = i.updatedAt
    }
}
