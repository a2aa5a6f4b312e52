import CRMCore
import Foundation
import Booking
import Catalog
import Clients
import Messaging
import Plans
import SQLKit
import Tenancy

/// The studio's bot as a booking desk (SPEC §11, `telegram.reception`): `/start` links the chat
/// to a client (a deep link's token, or the phone shared with Telegram's contact button), then
/// service → master → day → start with inline buttons, a confirmation, "my appointments", and
/// cancel or move inside the studio's rules — the storefront's service functions with the client
/// as the actor and `telegram` as the source.
///
/// Each update is taken once (`update_id`) in the transaction of what it changes, together with
/// the chat's new state and the bot's answer (a queued `telegram.bot_calls` job): a replayed or
/// redelivered update changes nothing, a restart loses nothing. A booking takes its update inside
/// the booking's own transaction, and the chat's row lock makes a second press of "Confirm" wait
/// and then find the flow spent.
public struct TelegramBookingBot: TelegramConversation {
    let storefront: StorefrontService
    let catalog: MessageCatalog
    /// Answers the waitlist offers sent to the chat (their accept and decline buttons).
    let autofill: WaitlistAutofill?

    public init(storefront: StorefrontService, catalog: MessageCatalog, autofill: WaitlistAutofill? = nil) {
        self.storefront = storefront
        self.catalog = catalog
        self.autofill = autofill
    }

    static let commands: Set<String> = ["/start", "/book", "/my", "/menu", "/help"]

    public func handle(_ update: TelegramUpdate, tenant: Tenant, clock: any AppClock, requestId: String) async throws -> TelegramWebhookAnswer? {
        guard let chat = update.chatId, update.chatType == "private" || update.callback != nil,
            update.callback != nil || update.contact != nil || Self.commands.contains(update.command ?? ""),
            tenant.plan.includes(.telegramReception), TenantLifecycle.refusal(for: tenant) == nil
        else { return nil }
        let sql = storefront.database.sql
        if try await TelegramUpdates.wasTaken(update.updateId, tenant: tenant.id, on: sql) { return .answering(update.callback) }
        let now = clock.now()
        let state = try await TelegramConversationsRepository(sql: sql, tenantId: tenant.id).state(chat: chat, now: now) ?? .fresh()
        var turn = TelegramBotTurn(
            bot: self, tenant: tenant, chat: chat, update: update, clock: clock, requestId: requestId, state: state,
            client: try await ClientDirectory(sql: sql).client(telegramChat: chat, tenant: tenant.id))
        return try await turn.run()
    }
}

/// One update being answered: who writes, where the chat stands, and the answer being built.
struct TelegramBotTurn {
    let bot: TelegramBookingBot
    let tenant: Tenant
    let chat: String
    let update: TelegramUpdate
    let clock: any AppClock
    let requestId: String
    var state: TelegramBotState
    var client: CustomerID?

    var storefront: StorefrontService { bot.storefront }
    var database: Database { storefront.database }
    var now: Date { clock.now() }

    /// The client's Telegram language when the studio speaks it, else the studio's.
    var locale: AppLocale {
        if let code = update.from?.languageCode?.prefix(2), let locale = AppLocale(rawValue: String(code)) { return locale }
        return tenant.locale
    }

    var scope: TenantScope {
        TenantScope(tenant: tenant, actor: .client(client, via: "telegram"), clock: clock, correlationId: requestId, locale: locale)
    }

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        bot.catalog.message("bot.\(key)", locale: locale, arguments: arguments)
    }

    /// Thrown inside a transaction whose update was already taken: roll back, answer nothing.
    struct Replayed: Error {}

    mutating func run() async throws -> TelegramWebhookAnswer {
        do {
            if let contact = update.contact { try await shared(contact) }
            else if let callback = update.callback { try await pressed(callback) }
            else { try await command() }
        } catch is Replayed {}
        return .answering(update.callback)
    }

    // MARK: Committing a step

    /// Takes the update and, in the same transaction, saves the chat's state, queues `calls` and
    /// writes what `change` writes. A replay (the update taken meanwhile) writes nothing.
    func commit(
        _ calls: [TelegramBotCall], state: TelegramBotState,
        change: @Sendable (any SQLDatabase) async throws -> [MutationRecord] = { _ in [] }
    ) async throws {
        let (tenantId, chat, updateId, now) = (tenant.id, chat, update.updateId, now)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard try await TelegramUpdates.take(updateId, tenant: tenantId, now: now, on: sql) else { throw Replayed() }
            let records = try await change(sql)
            try await TelegramConversationsRepository(sql: sql, tenantId: tenantId).save(
                state, chat: chat, expiresAt: now.addingTimeInterval(TelegramBotState.lifetime), now: now)
            try await TelegramBotCalls.enqueue(calls, tenant: tenantId, now: now, on: sql)
            return ((), records)
        }
    }

    /// Shows a screen: a button press edits the message it came from, anything else sends one.
    func show(_ text: String, _ keyboard: [[TelegramKeyboard.Button]]) -> TelegramBotCall {
        let markup = keyboard.isEmpty ? nil : TelegramKeyboard.inline(keyboard)
        if let message = update.callback?.messageId {
            return TelegramBotCall(
                method: "editMessageText",
                params: .object([
                    "chat_id": Int64(chat).map(JSONValue.int) ?? .string(chat), "message_id": .int(message), "text": .string(text),
                    "reply_markup": markup ?? .object(["inline_keyboard": .array([])]),
                ]))
        }
        return .send(chat: chat, text: text, markup: markup)
    }

    // MARK: Commands and the contact

    mutating func command() async throws {
        let token = update.startParameter
        let (tenantId, chat, now) = (tenant.id, chat, now)
        if let token, token.hasPrefix(TelegramMiniAppService.staffTokenPrefix) {
            return try await linkStaff(String(token.dropFirst(TelegramMiniAppService.staffTokenPrefix.count)))
        }
        if let token {
            // A deep link from the studio: link the chat to that client in this update's transaction.
            let fresh = TelegramBotState.fresh()
            let updateId = update.updateId
            let linked: CustomerID? = try await database.mutate(by: scope.auditActor, at: now) { sql in
                guard try await TelegramUpdates.take(updateId, tenant: tenantId, now: now, on: sql) else { throw Replayed() }
                guard let redeemed = try await TelegramLinks.redeem(token, chat: chat, tenant: tenantId, now: now, on: sql) else {
                    return (nil, [])
                }
                try await TelegramConversationsRepository(sql: sql, tenantId: tenantId).save(
                    fresh, chat: chat, expiresAt: now.addingTimeInterval(TelegramBotState.lifetime), now: now)
                return (redeemed.client, [redeemed.record])
            }
            if let linked {
                client = linked
                state = fresh
                let name = try await ClientDirectory(sql: database.sql).client(linked, tenant: tenantId)?.name ?? ""
                return try await enqueueOnly([.send(chat: chat, text: text("welcome", ["name": name, "studio": tenant.name]), markup: menuMarkup)])
            }
            // A used or foreign token: the update is taken; go on as a plain /start.
            return try await enqueueOnly(try await plainStart())
        }
        switch update.command {
        case "/book" where client != nil:
            state = .fresh()
            try await commit([try await servicesScreen()], state: state)
        case "/my" where client != nil:
            state = .fresh()
            try await commit([try await mineScreen()], state: state)
        default:
            try await commit(try await plainStart(), state: state)
        }
    }

    /// Without a client, the contact button; with one, the menu.
    mutating func plainStart() async throws -> [TelegramBotCall] {
        guard let client else {
            state = TelegramBotState(step: .contact, flow: TelegramBotState.newFlow())
            return [.send(chat: chat, text: text("ask_contact", ["studio": tenant.name]), markup: TelegramKeyboard.contactRequest(text("contact_button")))]
        }
        state = .fresh()
        let name = try await ClientDirectory(sql: database.sql).client(client, tenant: tenant.id)?.name ?? ""
        return [.send(chat: chat, text: text("welcome", ["name": name, "studio": tenant.name]), markup: menuMarkup)]
    }

    /// Queues calls for an update already taken (no second take).
    func enqueueOnly(_ calls: [TelegramBotCall]) async throws {
        let (tenantId, chat, now, state) = (tenant.id, chat, now, state)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            try await TelegramConversationsRepository(sql: sql, tenantId: tenantId).save(
                state, chat: chat, expiresAt: now.addingTimeInterval(TelegramBotState.lifetime), now: now)
            try await TelegramBotCalls.enqueue(calls, tenant: tenantId, now: now, on: sql)
            return ((), [])
        }
    }

    /// The phone from the contact button: the sender's own number only; the client with that
    /// number, or a new one named as in Telegram.
    mutating func shared(_ contact: TelegramUpdate.Contact) async throws {
        guard let sender = update.from, contact.userId == sender.id else {
            return try await commit([.send(chat: chat, text: text("contact_not_own"), markup: TelegramKeyboard.contactRequest(text("contact_button")))], state: state)
        }
        let name = [contact.firstName, contact.lastName ?? ""].joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let person = ClientIntake.Person(name: name.isEmpty ? contact.phone : name, phone: contact.phone, email: nil, consents: [])
        guard try await storefront.intake.normalizedPhone(contact.phone, scope: scope) != nil else {
            return try await commit([.send(chat: chat, text: text("contact_invalid"))], state: state)
        }
        let found = try await storefront.intake.client(for: person, source: .telegram, scope: scope)
        client = found.id
        state = .fresh()
        let (tenantId, chat, now) = (tenant.id, chat, now)
        let calls: [TelegramBotCall] = [
            .send(chat: chat, text: text("contact_thanks", ["name": person.name, "studio": tenant.name]), markup: TelegramKeyboard.removeKeyboard),
            .send(chat: chat, text: text("menu"), markup: menuMarkup),
        ]
        try await commit(calls, state: state) { sql in
            try await ClientDirectory(sql: sql).linkTelegram(chat: chat, to: found.id, tenant: tenantId, now: now)
            return [
                MutationRecord(
                    action: "client.telegram_linked", entityType: "client", entityId: found.id.description,
                    after: .object(["telegramChatId": .string(chat), "via": .string("contact")]))
            ]
        }
    }

    var menuMarkup: JSONValue { TelegramKeyboard.inline(menuRows) }

    /// `/start s_<token>` from a staff member's link: this Telegram account is theirs from now on
    /// (the Mini App shows them their day).
    mutating func linkStaff(_ token: String) async throws {
        guard let sender = update.from else { return try await commit([], state: state) }
        let (tenantId, now, updateId) = (tenant.id, now, update.updateId)
        let linked: StaffID? = try await database.mutate(by: scope.auditActor, at: now) { sql in
            guard try await TelegramUpdates.take(updateId, tenant: tenantId, now: now, on: sql) else { throw Replayed() }
            guard let staff = try await TelegramStaffLinksRepository(sql: sql, tenantId: tenantId).redeem(
                hash: SecretToken.hash(token), telegramUser: sender.id, now: now)
            else { return (nil, []) }
            return (
                staff,
                [
                    MutationRecord(
                        action: "staff.telegram_linked", entityType: "staff", entityId: staff.description,
                        after: .object(["telegramUserId": .int(sender.id)]))
                ]
            )
        }
        guard let linked, let member = try await storefront.catalog(tenant).staffMember(linked) else {
            return try await enqueueOnly([.send(chat: chat, text: text("staff_link_invalid"))])
        }
        var rows: [[TelegramKeyboard.Button]] = []
        if let app = storefront.links.miniAppURL(slug: tenant.slug) { rows.append([.init(text: text("open_app"), webApp: app)]) }
        try await enqueueOnly([.send(chat: chat, text: text("staff_linked", ["name": member.name, "studio": tenant.name]), markup: rows.isEmpty ? nil : TelegramKeyboard.inline(rows))])
    }
}
