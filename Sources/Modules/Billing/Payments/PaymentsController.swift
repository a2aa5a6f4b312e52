import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Tenancy

/// `/payments`: reading needs `finance.read`, recording and refunding `finance.write`, approving
/// a manual payment `payments.approve` (owners and managers). Online payments need
/// `payments.yookassa`, holds `payments.prepay_hold`. Creating a payment (online, manual or a
/// refund) needs an `Idempotency-Key` header (SPEC §6): a retried request never pays or
/// refunds twice.
public struct PaymentsController: Sendable {
    let service: PaymentsService

    public init(service: PaymentsService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.financeRead, feature: .invoices)
        let write = RoutePolicy.needs(.financeWrite, feature: .invoices)
        let online = RoutePolicy.needs(.financeWrite, feature: .paymentsYookassa)
        let holds = RoutePolicy.needs(.financeWrite, feature: .paymentsPrepayHold)
        let approve = RoutePolicy.needs(.paymentsApprove, feature: .invoices)
        routes.get("payments", read, use: list)
        routes.post("payments", online, use: create)
        routes.post("payments/manual", write, use: createManual)
        routes.post("payments/wallet", write, use: payFromWallet)
        routes.get("payments/{id}", read, use: show)
        routes.get("payments/{id}/proof", read, use: proof)
        routes.post("payments/{id}/refresh", online, use: refresh)
        routes.post("payments/{id}/capture", holds, use: capture)
        routes.post("payments/{id}/cancel", holds, use: release)
        routes.post("payments/{id}/refunds", write, use: refund)
        routes.post("payments/{id}/approve", approve, use: approve(_:context:))
        routes.post("payments/{id}/reject", approve, use: reject)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "invoiceId": FilterSpec(.uuid), "appointmentId": FilterSpec(.uuid), "clientId": FilterSpec(.uuid),
            "kind": FilterSpec(.enumeration(Set(PaymentKind.allCases.map(\.rawValue))), operators: [.eq, .in]),
            "status": FilterSpec(.enumeration(Set(PaymentState.allCases.map(\.rawValue))), operators: [.eq, .in]),
            "provider": FilterSpec(.enumeration(Set(PaymentChannel.allCases.map(\.rawValue))), operators: [.eq, .in]),
        ])

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Page<PaymentDTO> {
        let query = try ListQuery.parse(
            request.decodedQuery.pairs, spec: Self.listSpec, timeZone: context.timeZone)
        var filter = PaymentsRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.value) {
            case ("invoiceId", .uuid(let id)): filter.invoiceId = InvoiceID(id)
            case ("appointmentId", .uuid(let id)): filter.appointmentId = AppointmentID(id)
            case ("clientId", .uuid(let id)): filter.clientId = CustomerID(id)
            case ("kind", let value): filter.kinds = Self.values(value).compactMap(PaymentKind.init(rawValue:))
            case ("status", let value): filter.statuses = Self.values(value).compactMap(PaymentState.init(rawValue:))
            case ("provider", let value): filter.channels = Self.values(value).compactMap(PaymentChannel.init(rawValue:))
            default: continue
            }
        }
        let page = try await service.list(filter, page: query.page, scope: context.scope)
        return Page(items: try await dtos(page.items, context), nextCursor: page.nextCursor)
    }

    static func values(_ value: FilterValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .list(let items): items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        default: []
        }
    }

    /// One payment as the API shows it, with its client's name.
    func dto(_ payment: Payment, _ context: TenantRequestContext) async throws -> PaymentDTO {
        try await dtos([payment], context)[0]
    }

    /// Payments with their clients' names, read in one query (a list names its clients without a request per row).
    func dtos(_ payments: [Payment], _ context: TenantRequestContext) async throws -> [PaymentDTO] {
        let names = try await service.clientNames(payments.map(\.clientId), tenant: context.scope.tenantId)
        return payments.map {
            PaymentDTO($0, clientName: names[$0.clientId], payURL: service.payURL($0, tenant: context.identity.tenant), timeZone: context.timeZone)
        }
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        try await dto(try await service.payment(try context.pathID(as: PaymentID.self), scope: context.scope), context)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<PaymentDTO> {
        try Self.requireIdempotencyKey(request)
        let payment = try await service.create(PaymentInput.read(try await BodyFields.decode(request, context: context)), scope: context.scope)
        if payment.status == .failed {
            throw AppError(
                status: .badGateway, code: "payment_failed",
                details: [
                    "paymentId": .string(payment.id.description), "chainId": .string(payment.chainId.description),
                    "manualPaymentRequired": .bool(true),
                ])
        }
        return EditedResponse(status: .created, response: try await dto(payment, context))
    }

    @Sendable func createManual(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<PaymentDTO> {
        try Self.requireIdempotencyKey(request)
        let input = try await ManualPaymentForm.read(request, context: context)
        return EditedResponse(status: .created, response: try await dto(try await service.createManual(input, scope: context.scope), context))
    }

    @Sendable func payFromWallet(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<PaymentDTO> {
        try Self.requireIdempotencyKey(request)
        let input = WalletPaymentInput.read(try await BodyFields.decode(request, context: context))
        return EditedResponse(status: .created, response: try await dto(try await service.payFromWallet(input, scope: context.scope), context))
    }

    @Sendable func proof(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let proof = try await service.proof(of: try context.pathID(as: PaymentID.self), scope: context.scope)
        var headers = HTTPFields()
        headers[.contentType] = proof.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(proof.fileName.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" })\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: proof.content)))
    }

    @Sendable func refresh(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        try await dto(try await service.refresh(try context.pathID(as: PaymentID.self), scope: context.scope), context)
    }

    @Sendable func capture(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        let input = PaymentAmountInput.read(try await BodyFields.decodeOptional(request, context: context), reason: false)
        return try await dto(try await service.capture(try context.pathID(as: PaymentID.self), input, scope: context.scope), context)
    }

    @Sendable func release(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        try await dto(try await service.release(try context.pathID(as: PaymentID.self), scope: context.scope), context)
    }

    @Sendable func refund(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<PaymentDTO> {
        let id = try context.pathID(as: PaymentID.self)
        // Another studio's payment is a 404 before anything else is said about the request.
        _ = try await service.payment(id, scope: context.scope)
        try Self.requireIdempotencyKey(request)
        let input = PaymentAmountInput.read(try await BodyFields.decodeOptional(request, context: context), reason: true)
        return EditedResponse(status: .created, response: try await dto(try await service.refund(id, input, scope: context.scope), context))
    }

    @Sendable func approve(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        let comment = try await Self.comment(request, context: context)
        return try await dto(try await service.decideManual(try context.pathID(as: PaymentID.self), approve: true, comment: comment, scope: context.scope), context)
    }

    @Sendable func reject(_ request: Request, context: TenantRequestContext) async throws -> PaymentDTO {
        let comment = try await Self.comment(request, context: context)
        return try await dto(try await service.decideManual(try context.pathID(as: PaymentID.self), approve: false, comment: comment, scope: context.scope), context)
    }

    static func comment(_ request: Request, context: TenantRequestContext) async throws -> String? {
        var fields = try await BodyFields.decodeOptional(request, context: context)
        let comment = fields.text("comment", maxLength: 2000)
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        return comment.value
    }

    static func requireIdempotencyKey(_ request: Request) throws {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty else { throw AppError.badRequest("idempotency_key_required") }
    }
}

/// The manual payment request: `multipart/form-data` with text fields and the `proof` file, or
/// JSON with `proof: {fileName, contentType, content}` (content in base64).
enum ManualPaymentForm {
    static func read(_ request: Request, context: TenantRequestContext) async throws -> PaymentsService.ManualInput {
        if let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(of: contentType) {
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            guard let form = MultipartForm(Data(buffer.readableBytesView), boundary: boundary) else { throw AppError.badRequest("invalid_multipart") }
            var object: [String: BodyValue] = [:]
            for name in ["invoiceId", "appointmentId", "clientId", "amount", "comment"] {
                if let value = form.field(name) { object[name] = .string(value) }
            }
            let file = form.file("proof")
            return input(BodyFields(.object(object)), fileName: file?.fileName, contentType: file?.contentType, data: file?.data)
        }
        var fields = try await BodyFields.decode(request, context: context)
        guard var proof = fields.nested("proof") else { return input(fields, fileName: nil, contentType: nil, data: nil) }
        let fileName = proof.text("fileName", maxLength: 255)
        let contentType = proof.text("contentType", maxLength: 100)
        let content = proof.text("content", maxLength: 12 << 20)
        fields.absorb(proof)
        guard let encoded = content.value else { return input(fields, fileName: nil, contentType: nil, data: nil) }
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            fields.problem("proof.content", "invalid")
            return input(fields, fileName: nil, contentType: nil, data: nil)
        }
        return input(fields, fileName: fileName.value, contentType: contentType.value, data: data)
    }

    static func input(_ fields: BodyFields, fileName: String?, contentType: String?, data: Data?) -> PaymentsService.ManualInput {
        let problem = PaymentProof.problem(fileName: fileName, contentType: contentType, data: data)
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let proof = problem == nil ? data.map { PaymentProof(fileName: fileName ?? "proof", contentType: type, data: $0) } : nil
        return PaymentsService.ManualInput(fields: fields, proof: proof, proofProblem: fields.problems["proof.content"] == nil ? problem : nil)
    }
}
