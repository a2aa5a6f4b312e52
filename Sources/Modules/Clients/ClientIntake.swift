import CRMCore
import Foundation
import SQLKit
import Tenancy

/// Who books from outside the studio (the storefront, the bot): the client is found by their
/// normalized phone, else their email, or created; the consents they gave are recorded with the
/// channel and address. Used with a `client` scope, so the trail names the client as the actor.
public struct ClientIntake: Sendable {
    let clients: ClientsService

    public init(clients: ClientsService) { self.clients = clients }

    /// What the booking form says about the person.
    public struct Person: Sendable {
        public var name: String
        public var phone: String
        public var email: String?
        public var consents: [ConsentKind]

        public init(name: String, phone: String, email: String?, consents: [ConsentKind]) {
            self.name = name
            self.phone = phone
            self.email = email
            self.consents = consents
        }
    }

    /// The phone in the studio's normal form, or nil when it is not a phone number.
    public func normalizedPhone(_ phone: String, scope: TenantScope) async throws -> String? {
        try? PhoneNumber.normalize(phone, defaultCountry: try await clients.country(scope))
    }

    /// The matching client, or a new one; an archived match is brought back. Consents given are
    /// recorded (a repeated one is recorded again: the trail keeps each decision).
    /// `recordingConsents: false` leaves the consents to the caller (`recordConsents`), who writes
    /// them in the transaction of what they were given for.
    public func client(for person: Person, source: ConsentSource, scope: TenantScope, recordingConsents: Bool = true) async throws -> (
        id: CustomerID, created: Bool
    ) {
        let phone = try await normalizedPhone(person.phone, scope: scope)
        guard let phone else { throw AppError.validation(field: "phone", "invalid") }
        let repository = ClientsRepository(sql: clients.database.sql, tenantId: scope.tenantId, appointments: clients.appointments)
        var created = false
        var id = try await repository.match(phone: phone, email: person.email)
        if id == nil {
            var body: [String: BodyValue] = ["name": .string(person.name), "phone": .string(person.phone)]
            if let email = person.email { body["email"] = .string(email) }
            let input = ClientInput.read(BodyFields(.object(body)), creating: true)
            guard input.problems.isEmpty else { throw AppError.validation(input.problems) }
            do {
                id = try await clients.create(input, scope: scope).id
                created = true
            } catch let error as AppError where error.code == "conflict" {
                // Another booking of the same person made them a moment ago.
                id = try await repository.match(phone: phone, email: person.email)
            }
        }
        guard let id else { throw AppError.conflict("client_unavailable") }
        if !created, let existing = try await repository.find(id), existing.archivedAt != nil {
            _ = try await clients.setArchived(id, false, scope: scope)
        }
        if recordingConsents, !person.consents.isEmpty {
            try await clients.database.mutate(by: scope.auditActor, at: scope.clock.now()) { sql in
                ((), try await recordConsents(person.consents, client: id, source: source, scope: scope, on: sql))
            }
        }
        return (id, created)
    }

    /// The client the person already is (by normalized phone, else email), without writing anything.
    public func existingClient(for person: Person, scope: TenantScope) async throws -> CustomerID? {
        guard let phone = try await normalizedPhone(person.phone, scope: scope) else { return nil }
        return try await ClientsRepository(sql: clients.database.sql, tenantId: scope.tenantId, appointments: clients.appointments)
            .match(phone: phone, email: person.email)
    }

    /// Records the consents given on `sql` (the caller's transaction) and answers their audit records.
    public func recordConsents(
        _ kinds: [ConsentKind], client id: CustomerID, source: ConsentSource, scope: TenantScope, on sql: any SQLDatabase
    ) async throws -> [MutationRecord] {
        let now = scope.clock.now()
        let consents = kinds.map {
            ClientConsent(id: .random(), clientId: id, kind: $0, granted: true, source: source, ip: scope.remoteAddress, recordedBy: nil, createdAt: now)
        }
        for consent in consents { try await ClientConsentsRepository().insert(consent, tenant: scope.tenantId, on: sql) }
        return consents.map { ClientRecordsService.record("client.consent_recorded", $0) }
    }
}
