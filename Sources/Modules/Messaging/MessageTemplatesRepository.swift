import CRMCore
import Foundation
import Providers
import SQLKit

/// The studio's own template texts; a key × channel × locale without a row uses the default.
struct MessageTemplatesRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    private struct Row: Decodable {
        let templateKey: String
        let channel: String
        let locale: String
        let subject: String?
        let body: String
        let updatedAt: Date
    }

    /// Every custom template of the tenant.
    func custom() async throws -> [MessageTemplate] {
        try await sql.raw(
            """
            SELECT template_key, channel, locale, subject, body, updated_at FROM message_templates
            WHERE tenant_id = \(bind: tenantId)
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap(Self.template)
    }

    func find(_ key: TemplateKey, channel: MessageChannel, locale: AppLocale) async throws -> MessageTemplate? {
        try await sql.raw(
            """
            SELECT template_key, channel, locale, subject, body, updated_at FROM message_templates
            WHERE tenant_id = \(bind: tenantId) AND template_key = \(bind: key.rawValue) AND channel = \(bind: channel.rawValue)
              AND locale = \(bind: locale.rawValue)
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).flatMap(Self.template)
    }

    /// The studio's text, or the shipped default.
    func effective(_ key: TemplateKey, channel: MessageChannel, locale: AppLocale, catalog: MessageCatalog) async throws -> MessageTemplate {
        try await find(key, channel: channel, locale: locale) ?? .standard(key, channel: channel, locale: locale, catalog: catalog)
    }

    func save(_ template: MessageTemplate, by user: UserID?, at now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO message_templates (tenant_id, template_key, channel, locale, subject, body, updated_by, updated_at)
            VALUES (\(bind: tenantId), \(bind: template.key.rawValue), \(bind: template.channel.rawValue), \(bind: template.locale.rawValue),
                    \(bind: template.subject), \(bind: template.body), \(bind: user), \(bind: now))
            ON CONFLICT (tenant_id, template_key, channel, locale)
            DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """
        ).run()
    }

    func delete(_ key: TemplateKey, channel: MessageChannel, locale: AppLocale) async throws {
        try await sql.raw(
            """
            DELETE FROM message_templates
            WHERE tenant_id = \(bind: tenantId) AND template_key = \(bind: key.rawValue) AND channel = \(bind: channel.rawValue)
              AND locale = \(bind: locale.rawValue)
            """
        ).run()
    }

    private static func template(_ row: Row) -> MessageTemplate? {
        guard let key = TemplateKey(rawValue: row.templateKey), let channel = MessageChannel(rawValue: row.channel),
            let locale = AppLocale(rawValue: row.locale)
        else { return nil }
        return MessageTemplate(
            key: key, channel: channel, locale: locale, subject: row.subject, body: row.body, isCustom: true, updatedAt: row.updatedAt)
    }
}
