import CRMCore
import Foundation
import Logging
import Providers
import Tenancy

/// What registering the studio's bot with Telegram produced: the bot's username (for
/// `t.me/<bot>` links) and, when the webhook was set, the new secret Telegram will repeat.
struct TelegramRegistration: Sendable {
    var learned: [String: JSONValue] = [:]
    var webhookSecret: String?
}

extension IntegrationsService {
    /// `{PUBLIC_BASE_URL}/api/v1/webhooks/telegram/{tenantSlug}`.
    func telegramWebhookURL(slug: String) -> String {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/api/v1/webhooks/telegram/\(slug)"
    }

    /// `{PUBLIC_BASE_URL}/tg/{tenantSlug}` when the installation is on HTTPS.
    func miniAppURL(slug: String) -> String? {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasPrefix("https://") ? "\(base)/tg/\(slug)" : nil
    }

    /// `getMe` proves the token and names the bot; with `webhook`, `setWebhook` points the bot's
    /// updates at this studio with a fresh secret. Runs before anything is stored: a refusal
    /// stops the change (`422 provider_rejected`, `502 provider_unavailable`). When the token
    /// now belongs to another bot, the previous bot's webhook is removed first (best effort), so
    /// it stops knocking with a secret we no longer accept.
    func registerTelegram(token: String, replacing previous: String?, webhook: Bool, slug: String, locale: AppLocale) async throws
        -> TelegramRegistration
    {
        let api = clients.telegramAPI(token: token)
        let secrets = [token, previous].compactMap { $0 }
        let bot: TelegramBotAPI.Bot
        do {
            bot = try await api.getMe()
        } catch {
            throw IntegrationProviderFailure(error, secrets: secrets).appError(.telegram)
        }
        if let previous, Self.botId(previous) != Self.botId(token) {
            try? await clients.telegramAPI(token: previous).deleteWebhook()
        }
        var registration = TelegramRegistration(learned: ["botUsername": bot.username.map(JSONValue.string) ?? .null])
        guard webhook else { return registration }
        let secret = SecretToken.generate()
        do {
            try await api.setWebhook(url: telegramWebhookURL(slug: slug), secretToken: secret)
        } catch {
            throw IntegrationProviderFailure(error, secrets: secrets + [secret]).appError(.telegram)
        }
        registration.webhookSecret = secret
        // The bot's menu button opens the studio's Mini App (the booking page inside Telegram), which
        // Telegram allows only over HTTPS. Best effort: the bot works without it.
        if let app = miniAppURL(slug: slug) {
            try? await api.setMenuButton(text: locale == .ru ? "Записаться" : "Book", url: app)
        }
        return registration
    }

    /// After the bot was disabled or forgotten: Telegram stops delivering its updates here. Best
    /// effort — the change is already committed, and the webhook refuses updates of a bot that is
    /// not in use anyway.
    func unregisterTelegram(_ integration: Integration, logger: Logger) async {
        do {
            let token = try vault.open(integration).secret("botToken")
            try await clients.telegramAPI(token: token).deleteWebhook()
        } catch {
            logger.warning(
                "the Telegram webhook could not be removed",
                metadata: ["tenant": "\(integration.tenantId)", "error": "\((error as? MessageSendError)?.reason.rawValue ?? "unreadable secrets")"])
        }
    }

    /// The bot's id is the part of its token before the colon.
    static func botId(_ token: String) -> Substring { token.prefix { $0 != ":" } }
}
