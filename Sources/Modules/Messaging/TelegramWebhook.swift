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
/// With `telegram.reception` the booking conversation (`conversation`) takes its commands,
/// shared contacts and button presses first; what it does not take is recorded as before.
public struct TelegramWebhookController: Sendable {
    let database: Database
    let bots: any TelegramBotDirectory
    let conversation: (any TelegramConversation)?

    public init(database: Database, bots: any TelegramBotDirectory, conversation: (any TelegramConversation)? = nil) {
        self.database = database
        self.bots = bots
        self.conversation = conversation
    }

    public func addRoutes(public group: RouterGroup<APIRequestContext>) {
        group.post("webhooks/telegram/{tenantSlug}", use: receive)
    }


    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    @Sendable func receive(_ request: Request, context: APIRequestContext) async throws -> TelegramWebhookAnswer {
        guard let slug = context.parameters.get("tenantSlug"), let tenant = try await TenantRecords.find(slug: slug, on: database.sql),
            let bot = try await bots.telegramBot(tenant: tenant.id)
        else { throw AppError.notFound() }
        guard let given = request.headers[Self.secretHeader], ConstantTime.equal(given, bot.webhookSecret) else { throw AppError.unauthorized() }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        guard let update = TelegramUpdate(json: Data(buffer.readableBytesView)) else { throw AppError.badRequest() }
        if let conversation,
            let answer = try await conversation.handle(update, tenant: tenant, clock: context.clock, requestId: context.requestId)
        {
            return answer
        }
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
        return .ok
    }

    static func client(chat: String, tenant: TenantID, on sql: any SQLDatabase) async throws -> CustomerID? {
        try await ClientDirectory(sql: sql).client(telegramChat: chat, tenant: tenant)
    }
}

/// The booking conversation the webhook hands updates to (the storefront's bot).
public protocol TelegramConversation: Sendable {
    /// Handles `update` when it is the conversation's (a command, a shared contact, a button);
    /// nil leaves it to the webhook, which records it as a message.
    func handle(_ update: TelegramUpdate, tenant: Tenant, clock: any AppClock, requestId: String) async throws -> TelegramWebhookAnswer?
}

/// The webhook's answer. Telegram lets the answer to a webhook call one Bot API method; a button
/// press is answered with `answerCallbackQuery` (the client's spinner stops, `text` shows as a
/// toast) without a call of our own.
public struct TelegramWebhookAnswer: Encodable, ResponseEncodable, Sendable, Equatable {
    public var ok: Bool?
    public var method: String?
    public var callbackQueryId: String?
    public var text: String?

    public static let ok = TelegramWebhookAnswer(ok: true)

    public static func answering(_ callback: TelegramUpdate.Callback?, text: String? = nil) -> TelegramWebhookAnswer {
        guard let callback else { return .ok }
        return TelegramWebhookAnswer(method: "answerCallbackQuery", callbackQueryId: callback.id, text: text)
    }

    enum CodingKeys: String, CodingKey {
        case ok, method, text
        case callbackQueryId = "callback_query_id"
    }
}

/// The update ids a tenant's bot has taken, for the conversation's own transactions.
public enum TelegramUpdates {
    /// Takes `updateId` in the caller's transaction; false when it was taken before (a replay).
    public static func take(_ updateId: Int64, tenant: TenantID, now: Date, on sql: any SQLDatabase) async throws -> Bool {
        try await TelegramUpdatesRepository(sql: sql, tenantId: tenant).take(updateId, now: now)
    }

    public static func wasTaken(_ updateId: Int64, tenant: TenantID, on sql: any SQLDatabase) async throws -> Bool {
        try await TelegramUpdatesRepository(sql: sql, tenantId: tenant).contains(updateId)
    }
}
