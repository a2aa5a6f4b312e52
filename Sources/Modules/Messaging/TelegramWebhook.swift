import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Providers
import SQLKit
import Tenancy
import Clients

/// `POST /webhooks/telegram/{tenantSlug}`: the updates Telegram delivers for the studio's bot.
/// Telegram repeats the secret set with `setWebhook` in `X-Telegram-Bot-Api-Secret-Token`; a
/// request without it (or with another) is 401 and stores nothing. Each `update_id` is taken
/// once, so a redelivered update changes nothing. `/start <token>` from a link made by
/// `POST /clients/{id}/telegram-link` links the chat to that client; every text message is
/// recorded as an inbound message on the client's timeline (unlinked chats keep no client).
public struct TelegramWebhookController: Sendable {
    let database: Database
    let bots: any TelegramBotDirectory

    public init(database: Database, bots: any TelegramBotDirectory) {
        self.database = database
        self.bots = bots
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.post("webhooks/telegram/{tenantSlug}", use: receive)
    }

    struct Acknowledged: Encodable, ResponseEncodable { let ok: Bool }

    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    @Sendable func receive(_ request: Request, context: APIRequestContext) async throws -> Acknowledged {
        guard let slug = context.parameters.get("tenantSlug"), let tenant = try await TenantRecords.find(slug: slug, on: database.sql),
            let bot = try await bots.telegramBot(tenant: tenant.id)
        else { throw AppError.notFound() }
        guard let given = request.headers[Self.secretHeader], ConstantTime.equal(given, bot.webhookSecret) else { throw AppError.unauthorized() }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        guard let update = TelegramUpdate(json: Data(buffer.readableBytesView)) else { throw AppError.badRequest() }
        let now = context.clock.now()
        try await database.mutate(by: .system(tenantId: tenant.id), at: now) { sql in
            let fresh = try await TelegramUpdatesRepository(sql: sql, tenantId: tenant.id).take(update.updateId, now: now)
            guard fresh, let chat = update.chatId, let text = update.text else { return ((), []) }
            var records: [MutationRecord] = []
            var clientId = try await Self.client(chat: chat, tenant: tenant.id, on: sql)
            if let token = update.startParameter, let linked = try await TelegramLinks.redeem(token, chat: chat, tenant: tenant.id, now: now, on: sql)
            {
                clientId = linked.client
                records.append(linked.record)
            }
            let message = Message(
                id: .random(), tenantId: tenant.id, clientId: clientId, appointmentId: nil, channel: .telegram, direction: .inbound,
                kind: .transactional, recipient: chat, subject: nil, body: String(text.prefix(MessagesService.maxBodyLength)), templateKey: nil,
                templateValues: nil, status: .received, provider: "telegram", providerMessageId: update.messageId.map(String.init), cost: nil,
                costCurrency: nil, scheduledAt: now, sentAt: nil, deliveredAt: nil, readAt: nil, failedAt: nil, error: nil, attempts: 0,
                fallbackFrom: nil, externalId: String(update.updateId), createdBy: nil, createdAt: now, updatedAt: now)
            try await MessagesRepository(sql: sql, tenantId: tenant.id).insert(message)
            records.append(
                MutationRecord(action: "message.received", entityType: "message", entityId: message.id.description, after: message.auditSnapshot))
            return ((), records)
        }
        return Acknowledged(ok: true)
    }

    static func client(chat: String, tenant: TenantID, on sql: any SQLDatabase) async throws -> CustomerID? {
        try await ClientDirectory(sql: sql).client(telegramChat: chat, tenant: tenant)
    }
}

/// The parts of a Telegram `Update` the studio uses: a private text message.
struct TelegramUpdate {
    let updateId: Int64
    let messageId: Int64?
    let chatId: String?
    let text: String?

    init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let id = Self.integer(object["update_id"]) else {
            return nil
        }
        updateId = id
        let message = (object["message"] ?? object["edited_message"]) as? [String: Any]
        messageId = Self.integer(message?["message_id"])
        chatId = Self.integer((message?["chat"] as? [String: Any])?["id"]).map(String.init)
        text = message?["text"] as? String
    }

    /// `/start <token>` (a deep link `t.me/<bot>?start=<token>`).
    var startParameter: String? {
        guard let text, text.hasPrefix("/start ") else { return nil }
        let token = text.dropFirst("/start ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: Int64(number)
        case let number as Int64: number
        case let number as Double where number == number.rounded(): Int64(number)
        default: nil
        }
    }
}
