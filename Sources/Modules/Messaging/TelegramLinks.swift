import CRMCore
import Foundation
import Hummingbird
import SQLKit
import Tenancy
import Clients

/// One-time links that connect a client's Telegram chat to their card:
/// `POST /clients/{id}/telegram-link` answers `https://t.me/<bot>?start=<token>`; the client
/// opens it, Telegram sends `/start <token>` to the webhook, and the chat is linked. Only the
/// token's hash is stored; a token works once, within seven days.
public enum TelegramLinks {
    static let lifetime: TimeInterval = 7 * 86400

    static func issue(client: CustomerID, tenant: TenantID, by user: UserID?, now: Date, on sql: any SQLDatabase) async throws -> (
        token: String, expiresAt: Date
    ) {
        let token = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(lifetime)
        try await TelegramLinksRepository(sql: sql, tenantId: tenant).insert(
            hash: SecretToken.hash(token), client: client, expiresAt: expiresAt, by: user, now: now)
        return (token, expiresAt)
    }

    /// Links `chat` to the token's client when the token is the tenant's, unused and unexpired.
    public static func redeem(_ token: String, chat: String, tenant: TenantID, now: Date, on sql: any SQLDatabase) async throws -> (
        client: CustomerID, record: MutationRecord
    )? {
        guard let clientId = try await TelegramLinksRepository(sql: sql, tenantId: tenant).use(hash: SecretToken.hash(token), now: now) else {
            return nil
        }
        try await ClientDirectory(sql: sql).linkTelegram(chat: chat, to: clientId, tenant: tenant, now: now)
        let record = MutationRecord(
            action: "client.telegram_linked", entityType: "client", entityId: clientId.description,
            after: .object(["telegramChatId": .string(chat)]))
        return (clientId, record)
    }
}

/// `POST /clients/{id}/telegram-link` (clients.write, messages.manual).
public struct TelegramLinkController: Sendable {
    let database: Database
    let clients: ClientsService
    let bots: any TelegramBotDirectory

    public init(database: Database, clients: ClientsService, bots: any TelegramBotDirectory) {
        self.database = database
        self.clients = clients
        self.bots = bots
    }

    public func addRoutes(to routes: TenantRoutes) {
        routes.post("clients/{id}/telegram-link", .needs(.clientsWrite, feature: .messagesManual), use: issue)
    }

    struct Issued: Encodable, ResponseEncodable {
        let token: String
        /// `https://t.me/<bot>?start=<token>`; nil until the bot's username is known.
        let url: String?
        let expiresAt: Date
    }

    @Sendable func issue(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<Issued> {
        let id = try context.pathID(as: CustomerID.self)
        let client = try await clients.visibleClient(id, scope: context.scope)
        guard let bot = try await bots.telegramBot(tenant: context.tenantId) else {
            throw AppError.conflict("integration_not_configured", details: ["provider": .string("telegram")])
        }
        let now = context.clock.now()
        let issued = try await database.mutate(by: context.auditActor, at: now) { sql in
            let issued = try await TelegramLinks.issue(client: client.id, tenant: context.tenantId, by: context.userId, now: now, on: sql)
            return (
                issued,
                [MutationRecord(action: "client.telegram_link_issued", entityType: "client", entityId: client.id.description, emitsEvent: false)]
            )
        }
        let url = bot.username.map { "https://t.me/\($0)?start=\(issued.token)" }
        return EditedResponse(status: .created, response: Issued(token: issued.token, url: url, expiresAt: issued.expiresAt))
    }
}
