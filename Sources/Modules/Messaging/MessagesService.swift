import CRMCore
import Foundation
import Providers
import SQLKit
import Tenancy
import Settings
import Clients
import Booking

/// `POST /messages` and `POST /messages/schedule`: a message to one client, with a text or a
/// template, on a given channel or the first one the client can receive in the studio's order.
/// Bad input changes nothing; a good one is queued with its `message.send` job in one
/// transaction.
public struct MessagesService: Sendable {
    let database: Database
    let clients: ClientsService
    let settings: SettingsService
    let senders: any MessageSenderDirectory
    let catalog: MessageCatalog
    let publicBaseURL: String

    public init(
        database: Database, clients: ClientsService, settings: SettingsService, senders: any MessageSenderDirectory, catalog: MessageCatalog,
        publicBaseURL: String
    ) {
        self.database = database
        self.clients = clients
        self.settings = settings
        self.senders = senders
        self.catalog = catalog
        self.publicBaseURL = publicBaseURL
    }

    static let maxBodyLength = 4000
    static let maxSubjectLength = 300
    /// A scheduled message may wait up to a year.
    static let maxScheduleAhead: TimeInterval = 366 * 86400

    func repository(_ scope: TenantScope) -> MessagesRepository { MessagesRepository(sql: database.sql, tenantId: scope.tenantId) }

    /// Queues `draft` (a validated message with its audit entry and send job, in one transaction);
    /// every problem of the draft and of the records is answered at once, nothing written then.
    public func compose(_ draft: MessageDraft, scope: TenantScope) async throws -> Message {
        let (clientId, appointmentId, channel, kind, text) = (draft.clientId, draft.appointmentId, draft.channel, draft.kind, draft.text)
        let (subject, templateKey, link, sendAt) = (draft.subject, draft.templateKey, draft.link, draft.sendAt)
        var problems = draft.problems
        if draft.scheduled, sendAt.value == nil, problems["sendAt"] == nil { problems["sendAt"] = "required" }
        if text.value == nil, templateKey.value == nil, problems["text"] == nil, problems["templateKey"] == nil { problems["text"] = "required" }
        if text.value != nil, templateKey.value != nil { problems["templateKey"] = "text_and_template" }
        if let text = text.value, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems["text"] = "required" }
        let now = scope.clock.now()
        if let at = sendAt.value, at <= now { problems["sendAt"] = "in_the_past" }
        if let at = sendAt.value, at.timeIntervalSince(now) > Self.maxScheduleAhead { problems["sendAt"] = "too_far_ahead" }
        guard let id = clientId.value, problems["clientId"] == nil else { throw AppError.validation(problems) }
        let client: Customer
        do { client = try await clients.visibleClient(id, scope: scope) } catch let error as AppError where error.status == .notFound {
            problems["clientId"] = "not_found"
            throw AppError.validation(problems)
        }
        if client.archivedAt != nil { problems["clientId"] = "archived" }
        var appointment: Appointment?
        if let appointmentId = appointmentId.value {
            appointment = try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).appointment(appointmentId)
            if appointment?.clientId != client.id { problems["appointmentId"] = "not_found" }
        }
        let messageKind = kind.value ?? .transactional
        let routing = MessageRouting(senders: senders)
        var chosen: MessageChannel?
        if let channel = channel.value {
            if let problem = try await routing.problem(channel, client: client, kind: messageKind, tenant: scope.tenantId, on: database.sql) {
                problems["channel"] = problem
            } else {
                chosen = channel
            }
        } else if problems.isEmpty {
            let notifications = try await settings.read(NotificationSettings.self, tenant: scope.tenant)
            switch try await routing.first(
                of: MessageRouting.order(notifications), client: client, kind: messageKind, tenant: scope.tenantId, on: database.sql)
            {
            case .success(let channel): chosen = channel
            case .failure(let reasons):
                problems["channel"] = reasons.problems.values.contains("consent_required") ? "consent_required" : "no_reachable_channel"
            }
        }
        guard problems.isEmpty, let chosen else { throw AppError.validation(problems) }
        var message = Message(
            id: .random(), tenantId: scope.tenantId, clientId: client.id, appointmentId: appointment?.id, channel: chosen, direction: .outbound,
            kind: messageKind, recipient: MessageRouting.address(of: client, on: chosen)!, subject: subject.value, body: text.value ?? "",
            templateKey: templateKey.value?.rawValue, templateValues: nil, status: .queued, provider: nil, providerMessageId: nil, cost: nil,
            costCurrency: nil, scheduledAt: sendAt.value ?? now, sentAt: nil, deliveredAt: nil, readAt: nil, failedAt: nil, error: nil,
            attempts: 0, fallbackFrom: nil, externalId: nil, createdBy: scope.userId, createdAt: now, updatedAt: now)
        if chosen == .telegram { message.buttons = draft.buttons }
        if let key = templateKey.value {
            let serviceName = try await appointment.asyncMap {
                try await AppointmentDirectory(sql: database.sql, tenantId: scope.tenantId).serviceName($0.serviceId)
            }
            let values = TemplateValues(
                name: client.name, startsAt: appointment?.startsAt, service: serviceName ?? nil,
                link: link.value ?? bookingLink(scope.tenant))
            try await render(&message, key: key, values: values, locale: client.locale ?? scope.tenant.locale, zone: scope.timeZone)
        }
        let queued = message
        return try await database.mutate(by: scope.auditActor, at: now) { sql in
            (queued, [try await MessageOutbox.queue(queued, now: now, on: sql)])
        }
    }

    /// Fills body and subject from the template of the message's channel and `locale`.
    func render(_ message: inout Message, key: TemplateKey, values: TemplateValues, locale: AppLocale, zone: TimeZone) async throws {
        let template = try await MessageTemplatesRepository(sql: database.sql, tenantId: message.tenantId)
            .effective(key, channel: message.channel, locale: locale, catalog: catalog)
        let dictionary = values.dictionary(zone: zone, locale: locale)
        message.templateKey = key.rawValue
        message.templateValues = dictionary
        message.body = TemplatePlaceholders.render(template.body, values: dictionary)
        message.subject = template.subject.map { TemplatePlaceholders.render($0, values: dictionary) } ?? message.subject
    }

    /// The studio's public booking page, the default `{link}`.
    func bookingLink(_ tenant: Tenant) -> String {
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        return "\(base)/book/\(tenant.slug)"
    }

    /// A message the caller may see: a specialist sees those of the clients they may see.
    func message(_ id: MessageID, scope: TenantScope) async throws -> Message {
        guard let message = try await repository(scope).find(id) else { throw AppError.notFound() }
        if case .ownedBy = scope.recordScope {
            guard let clientId = message.clientId else { throw AppError.notFound() }
            _ = try await clients.visibleClient(clientId, scope: scope)
        }
        return message
    }

    func list(_ filter: MessagesRepository.Filter, page: PageRequest, scope: TenantScope) async throws -> (
        items: [Message], nextCursor: String?
    ) {
        if case .ownedBy = scope.recordScope {
            // A specialist lists one client's messages at a time, a client they may see.
            guard let clientId = filter.clientId else { throw AppError.validation(["filter[clientId]": "required"]) }
            _ = try await clients.visibleClient(clientId, scope: scope)
        }
        return try await repository(scope).list(filter, page: page)
    }
}

extension MessagesService {
    /// The names of the clients of a page of messages, in one query.
    func clientNames(_ ids: [CustomerID], tenant: TenantID) async throws -> [CustomerID: String] {
        try await ClientDirectory(sql: database.sql).names(ids, tenant: tenant)
    }
}
