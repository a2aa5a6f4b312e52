import CRMCore
import Foundation
import Hummingbird
import Providers
import SQLKit
import Tenancy

/// `/message-templates`: the text of each key × channel × locale — the studio's own or the
/// shipped default. Reading needs `clients.read`, changing `settings.write`; both the
/// `messages.manual` feature. A template naming a placeholder other than `{name}`,
/// `{datetime}`, `{service}`, `{link}` is refused.
public struct MessageTemplatesController: Sendable {
    let database: Database
    let catalog: MessageCatalog

    public init(database: Database, catalog: MessageCatalog) {
        self.database = database
        self.catalog = catalog
    }

    public func addRoutes(to routes: TenantRoutes) {
        let read = RoutePolicy.needs(.clientsRead, feature: .messagesManual)
        let write = RoutePolicy.needs(.settingsWrite, feature: .messagesManual)
        routes.get("message-templates", read, use: list)
        routes.put("message-templates/{key}/{channel}/{locale}", write, use: save)
        routes.delete("message-templates/{key}/{channel}/{locale}", write, use: reset)
    }

    func repository(_ context: TenantRequestContext) -> MessageTemplatesRepository {
        MessageTemplatesRepository(sql: database.sql, tenantId: context.tenantId)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> MessageTemplateListDTO {
        let custom = try await repository(context).custom()
        var items: [MessageTemplateDTO] = []
        for key in TemplateKey.allCases {
            for channel in MessageChannel.allCases {
                for locale in AppLocale.allCases {
                    let template =
                        custom.first { $0.key == key && $0.channel == channel && $0.locale == locale }
                        ?? .standard(key, channel: channel, locale: locale, catalog: catalog)
                    items.append(MessageTemplateDTO(template))
                }
            }
        }
        return MessageTemplateListDTO(items: items, placeholders: TemplatePlaceholders.allowed.sorted())
    }

    /// The template a path names; an unknown key, channel or locale is 404.
    static func address(_ context: TenantRequestContext) throws -> (TemplateKey, MessageChannel, AppLocale) {
        guard let key = context.parameters.get("key").flatMap(TemplateKey.init(rawValue:)),
            let channel = context.parameters.get("channel").flatMap(MessageChannel.init(rawValue:)),
            let locale = context.parameters.get("locale").flatMap(AppLocale.init(rawValue:))
        else { throw AppError.notFound() }
        return (key, channel, locale)
    }

    @Sendable func save(_ request: Request, context: TenantRequestContext) async throws -> MessageTemplateDTO {
        let (key, channel, locale) = try Self.address(context)
        var fields = try await BodyFields.decode(request, context: context)
        let body = fields.text("body", maxLength: MessagesService.maxBodyLength)
        let subject = fields.text("subject", maxLength: MessagesService.maxSubjectLength)
        fields.require("body", body, creating: true)
        var problems = fields.problems
        if let text = body.value {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems["body"] = "required" }
            if let problem = TemplatePlaceholders.problem(in: text) { problems["body"] = problem }
        }
        if let text = subject.value, let problem = TemplatePlaceholders.problem(in: text) { problems["subject"] = problem }
        if channel == .email, subject.value?.trimmingCharacters(in: .whitespaces).isEmpty ?? true, problems["subject"] == nil {
            problems["subject"] = "required"
        }
        if channel != .email, subject.value != nil { problems["subject"] = "email_only" }
        guard problems.isEmpty, let text = body.value else { throw AppError.validation(problems) }
        let now = context.clock.now()
        let template = MessageTemplate(
            key: key, channel: channel, locale: locale, subject: subject.value, body: text, isCustom: true, updatedAt: now)
        let previous = try await repository(context).effective(key, channel: channel, locale: locale, catalog: catalog)
        try await database.mutate(by: context.auditActor, at: now) { sql in
            try await repository(context).on(sql).save(template, by: context.userId, at: now)
            return ((), [Self.record("message_template.updated", template, before: previous, after: template)])
        }
        return MessageTemplateDTO(template)
    }

    @Sendable func reset(_ request: Request, context: TenantRequestContext) async throws -> MessageTemplateDTO {
        let (key, channel, locale) = try Self.address(context)
        let standard = MessageTemplate.standard(key, channel: channel, locale: locale, catalog: catalog)
        let now = context.clock.now()
        try await database.mutate(by: context.auditActor, at: now) { sql in
            let repository = repository(context).on(sql)
            guard let previous = try await repository.find(key, channel: channel, locale: locale) else { return ((), []) }
            try await repository.delete(key, channel: channel, locale: locale)
            return ((), [Self.record("message_template.reset", standard, before: previous, after: standard)])
        }
        return MessageTemplateDTO(standard)
    }

    static func record(_ action: String, _ template: MessageTemplate, before: MessageTemplate, after: MessageTemplate) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "message_template",
            entityId: "\(template.key.rawValue)/\(template.channel.rawValue)/\(template.locale.rawValue)",
            before: before.auditSnapshot, after: after.auditSnapshot)
    }
}

extension MessageTemplatesRepository {
    func on(_ sql: any SQLDatabase) -> MessageTemplatesRepository { MessageTemplatesRepository(sql: sql, tenantId: tenantId) }
}
