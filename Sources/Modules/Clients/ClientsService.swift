import CRMCore
import Foundation
import Logging
import Tenancy
import Settings

/// The rules of the client base: contact data normalised and unique per studio, archive and
/// restore, the specialist's scope. Every change commits with its audit entry and event.
public struct ClientsService: Sendable {
    let database: Database
    let settings: SettingsService
    let appointments: any ClientAppointmentScope

    public init(database: Database, settings: SettingsService, appointments: any ClientAppointmentScope) {
        self.database = database
        self.settings = settings
        self.appointments = appointments
    }

    func clients(_ scope: TenantScope) -> ClientsRepository {
        ClientsRepository(sql: database.sql, tenantId: scope.tenantId, appointments: appointments)
    }

    /// A client of the caller's tenant inside the caller's scope; anything else is 404, so
    /// other modules (packages, appointments) resolve client ids through here.
    /// A specialist sees the clients they created and those with an appointment with the staff
    /// record linked to them.
    public func visibleClient(_ id: CustomerID, scope: TenantScope) async throws -> Customer {
        guard let client = try await clients(scope).find(id) else { throw AppError.notFound() }
        if case .ownedBy(let user) = scope.recordScope, client.createdBy != user,
            !(try await appointments.hasAppointment(client: id, seenBy: user, tenantId: scope.tenantId, sql: database.sql))
        {
            throw AppError.notFound()
        }
        return client
    }

    /// The studio's country, the default of national phone numbers.
    func country(_ scope: TenantScope) async throws -> String {
        try await settings.read(LocaleSettings.self, tenant: scope.tenant).country
    }

    /// A receptionist opening a card sees full contact data; the trail records who looked.
    func recordReveal(of client: Customer, scope: TenantScope) async throws {
        try await Database.record(
            MutationRecord(action: "client.pii_revealed", entityType: "client", entityId: client.id.description, emitsEvent: false),
            by: scope.auditActor, at: scope.clock.now(), on: database.sql)
    }

    func create(_ input: ClientInput, scope: TenantScope) async throws -> Customer {
        let problems = input.problems
        let now = scope.clock.now()
        var client = Customer(
            id: .random(), name: input.name ?? "", phone: nil, email: nil, birthday: nil, locale: nil, tags: [], autoTags: [], allergies: nil,
            preferences: nil, loyaltyLevel: .none, telegramChatId: nil, visitsCount: 0, totalSpent: .zero, lastVisitAt: nil,
            createdBy: scope.userId, archivedAt: nil, createdAt: now, updatedAt: now)
        try await apply(input, to: &client, problems: problems, scope: scope)
        return try await save(before: nil, after: client, action: "client.created", scope: scope)
    }

    func update(_ id: CustomerID, _ input: ClientInput, scope: TenantScope) async throws -> Customer {
        let before = try await visibleClient(id, scope: scope)
        guard before.archivedAt == nil else { throw AppError.conflict("client_archived") }
        let problems = input.problems
        var after = before
        if let name = input.name { after.name = name }
        try await apply(input, to: &after, problems: problems, scope: scope)
        guard after != before else { return before }
        after.updatedAt = scope.clock.now()
        return try await save(before: before, after: after, action: "client.updated", scope: scope)
    }

    /// Archived clients leave lists and cannot be edited; restoring brings them back as they were.
    func setArchived(_ id: CustomerID, _ archived: Bool, scope: TenantScope) async throws -> Customer {
        let before = try await visibleClient(id, scope: scope)
        guard (before.archivedAt != nil) != archived else { return before }
        var after = before
        let now = scope.clock.now()
        after.archivedAt = archived ? now : nil
        after.updatedAt = now
        return try await save(before: before, after: after, action: archived ? "client.archived" : "client.restored", scope: scope)
    }

    /// Validates and copies the input's fields onto `client`; throws every problem at once.
    private func apply(_ input: ClientInput, to client: inout Customer, problems: [String: String], scope: TenantScope) async throws {
        var problems = problems
        if let phone = input.phone {
            client.phone = nil
            if let phone {
                let country = try await country(scope)
                do { client.phone = try PhoneNumber.normalize(phone, defaultCountry: country) } catch { problems["phone"] = "invalid" }
            }
        }
        if let email = input.email {
            if let email, !TenantProvisioning.looksLikeEmail(email) { problems["email"] = "invalid" }
            client.email = email
        }
        if let birthday = input.birthday {
            let today = TenantTime.localDate(of: scope.clock.now(), in: scope.timeZone)
            if let birthday, birthday > today || birthday.year < 1900 { problems["birthday"] = "out_of_range" }
            client.birthday = birthday
        }
        if let chat = input.telegramChatId {
            if let chat, !(chat.drop { $0 == "-" }.allSatisfy(\.isNumber)) || chat == "-" { problems["telegramChatId"] = "invalid" }
            client.telegramChatId = chat
        }
        if let locale = input.locale { client.locale = locale }
        if let allergies = input.allergies { client.allergies = allergies }
        if let preferences = input.preferences { client.preferences = preferences }
        if let level = input.loyaltyLevel { client.loyaltyLevel = level }
        if let tags = input.tags { client.tags = tags.sorted() }
        guard problems.isEmpty else { throw AppError.validation(problems) }
    }

    private func save(before: Customer?, after: Customer, action: String, scope: TenantScope) async throws -> Customer {
        let phone = after.phone == before?.phone ? nil : after.phone
        let email = after.email == before?.email ? nil : after.email
        do {
            return try await database.mutate(by: scope.auditActor, at: after.updatedAt) { sql in
                let clients = clients(scope).on(sql)
                let taken = try await clients.takenFields(phone: phone, email: email, except: after.id)
                guard taken.isEmpty else { throw AppError.conflict(fields: taken) }
                if before == nil { try await clients.insert(after) } else { try await clients.update(after) }
                let record = MutationRecord(
                    action: action, entityType: "client", entityId: after.id.description, before: before?.auditSnapshot, after: after.auditSnapshot)
                return (after, [record])
            }
        } catch  where UniqueViolation.matches(error) {
            // Another request took the phone or the email between our check and our write.
            let taken = try await clients(scope).takenFields(phone: phone, email: email, except: after.id)
            throw AppError.conflict(fields: taken.isEmpty ? ["phone": "taken"] : taken)
        }
    }
}
