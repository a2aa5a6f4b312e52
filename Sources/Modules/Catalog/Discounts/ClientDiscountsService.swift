import CRMCore
import Foundation
import SQLKit
import Tenancy
import Clients

/// Granting, listing and revoking a client's personal discounts; bookings and invoices read the
/// best one through `ClientDiscounts`. Which clients the caller may touch is the clients
/// module's object policy: another studio's client (or a specialist's non-client) is 404.
public struct ClientDiscountsService: Sendable {
    let database: Database
    let clients: ClientsService

    public init(database: Database, clients: ClientsService) {
        self.database = database
        self.clients = clients
    }

    func list(of clientId: CustomerID, scope: TenantScope) async throws -> [ClientDiscount] {
        let client = try await clients.visibleClient(clientId, scope: scope)
        return try await ClientDiscountsRepository(sql: database.sql, tenantId: scope.tenantId).all(of: client.id)
    }

    func grant(to clientId: CustomerID, _ input: ClientDiscountInput, scope: TenantScope) async throws -> ClientDiscount {
        let client = try await clients.visibleClient(clientId, scope: scope)
        var problems = input.problems
        let catalog = CatalogDirectory(sql: database.sql, tenantId: scope.tenantId)
        for (index, id) in (input.serviceIds ?? []).enumerated() where try await catalog.service(id) == nil {
            problems["serviceIds.\(index)"] = "not_found"
        }
        guard problems.isEmpty, let kind = input.kind else { throw AppError.validation(problems) }
        guard client.archivedAt == nil else { throw AppError.conflict("client_archived") }
        let now = scope.clock.now()
        let discount = ClientDiscount(
            id: .random(), clientId: client.id, kind: kind, percent: kind == .percent ? input.percent : nil,
            amount: kind == .fixed ? input.amount : nil, serviceIds: input.serviceIds,
            expiresAt: input.expiresOn.map { TenantTime.endOfDay($0, in: scope.timeZone) }, note: input.note, createdBy: scope.userId, createdAt: now,
            revokedAt: nil)
        if let expiresAt = discount.expiresAt, expiresAt <= now { throw AppError.validation(["expiresOn": "in_past"]) }
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await ClientDiscountsRepository(sql: sql, tenantId: scope.tenantId).insert(discount)
            return (
                discount,
                [MutationRecord(action: "client_discount.granted", entityType: "client_discount", entityId: discount.id.description, after: discount.auditSnapshot)]
            )
        }
    }

    func revoke(_ id: ClientDiscountID, of clientId: CustomerID, scope: TenantScope) async throws {
        let client = try await clients.visibleClient(clientId, scope: scope)
        let now = scope.clock.now()
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = ClientDiscountsRepository(sql: sql, tenantId: scope.tenantId)
            guard let before = try await repository.find(id), before.clientId == client.id else { throw AppError.notFound() }
            guard try await repository.revoke(id, at: now) else { return ((), []) }
            var after = before
            after.revokedAt = now
            return (
                (),
                [
                    MutationRecord(
                        action: "client_discount.revoked", entityType: "client_discount", entityId: id.description, before: before.auditSnapshot,
                        after: after.auditSnapshot)
                ]
            )
        }
    }
}

/// What bookings and invoices ask: the best personal discount of a client for a service.
public struct ClientDiscounts: Sendable {
    let tenantId: TenantID

    public init(tenant: TenantID) { tenantId = tenant }

    /// The discount saving `client` the most on `service` at `price` for a visit at `start`.
    public func best(client: CustomerID, service: ServiceID, price: Money, at start: Date, on sql: any SQLDatabase) async throws
        -> AppliedDiscount?
    {
        try await ClientDiscountsRepository(sql: sql, tenantId: tenantId).all(of: client, activeOnly: true).best(for: service, price: price, at: start)
    }

    /// The discounts of the client still in force at `instant` (invoices apply them line by line).
    public func active(client: CustomerID, at instant: Date, on sql: any SQLDatabase) async throws -> [ClientDiscount] {
        try await ClientDiscountsRepository(sql: sql, tenantId: tenantId).all(of: client, activeOnly: true).filter { $0.expiresAt.map { instant < $0 } ?? true }
    }
}

/// `POST /clients/{id}/discounts {kind, percent | amount, serviceIds?, expiresOn?, note?}`.
struct ClientDiscountInput: Sendable {
    var kind: ClientDiscount.Kind?
    var percent: Int?
    var amount: Money?
    var serviceIds: [ServiceID]?
    /// The last studio-local day it can be used on.
    var expiresOn: LocalDate?
    var note: String?
    var problems: [String: String]

    static let maxServices = 100

    static func read(_ body: BodyFields) -> ClientDiscountInput {
        var fields = body
        let kind: BodyField<ClientDiscount.Kind> = fields.enumeration("kind")
        let percent = fields.integer("percent")
        let amount = fields.money("amount")
        let services = fields.array("serviceIds")
        let expires = fields.text("expiresOn", maxLength: 10)
        let note = fields.text("note", maxLength: 500)
        fields.require("kind", kind, creating: true)
        fields.require("percent", percent, creating: false)
        fields.require("amount", amount, creating: false)
        fields.require("serviceIds", services, creating: false)
        fields.require("expiresOn", expires, creating: false)
        fields.require("note", note, creating: false)
        var serviceIds: [ServiceID]?
        if let list = services.value {
            if list.isEmpty { fields.problem("serviceIds", "required") }
            if list.count > maxServices { fields.problem("serviceIds", "too_many") }
            serviceIds = []
            for (index, value) in list.enumerated() {
                guard case .string(let text) = value, let id = ServiceID(string: text) else {
                    fields.problem("serviceIds.\(index)", "invalid")
                    continue
                }
                if !serviceIds!.contains(id) { serviceIds!.append(id) }
            }
        }
        let expiresOn = expires.value.flatMap(LocalDate.init(iso:))
        if expires.value != nil, expiresOn == nil { fields.problem("expiresOn", "invalid") }
        switch kind.value {
        case .percent:
            fields.require("percent", percent, creating: true)
            if let value = percent.value, !(1...100).contains(value) { fields.problem("percent", "out_of_range") }
            if amount.value != nil { fields.problem("amount", "not_allowed") }
        case .fixed:
            fields.require("amount", amount, creating: true)
            if let value = amount.value, value <= .zero { fields.problem("amount", "out_of_range") }
            if percent.value != nil { fields.problem("percent", "not_allowed") }
        case nil: break
        }
        return ClientDiscountInput(
            kind: kind.value, percent: percent.value, amount: amount.value, serviceIds: serviceIds, expiresOn: expiresOn, note: note.value,
            problems: fields.problems)
    }
}
