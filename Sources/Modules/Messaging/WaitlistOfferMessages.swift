import CRMCore
import Foundation
import Providers
import Tenancy
import Booking

/// The waitlist's offers go out as transactional messages (`MessagesService.compose`): by the
/// entry's channel, or the first the client can receive in the studio's order; in her language.
public struct WaitlistOfferMessages: WaitlistOfferNotifier {
    let messages: MessagesService

    public init(messages: MessagesService) { self.messages = messages }

    /// The buttons' callback data, read back by the bot: `-:oa:<offerId>` / `-:od:<offerId>`
    /// (no conversation flow: the message is not the conversation's).
    public static func data(_ offer: WaitlistOfferID, accept: Bool) -> String { "-:\(accept ? "oa" : "od"):\(offer)" }

    public func send(_ notice: WaitlistOfferNotice, scope: TenantScope) async throws {
        let client = try await messages.clients.visibleClient(notice.clientId, scope: scope)
        let locale = client.locale ?? scope.tenant.locale
        let text = messages.catalog.message(
            "waitlist.offer.message", locale: locale,
            arguments: [
                "name": client.name, "service": notice.serviceName,
                "datetime": TemplateValues.format(notice.startsAt, zone: scope.timeZone, locale: locale),
                "until": TemplateValues.format(notice.expiresAt, zone: scope.timeZone, locale: locale), "link": notice.link,
            ])
        var draft = MessageDraft(
            clientId: client.id, appointmentId: notice.appointmentId, channel: notice.channel.flatMap(MessageChannel.init(rawValue:)),
            kind: .transactional, text: text, subject: messages.catalog.message("waitlist.offer.subject", locale: locale))
        // In Telegram she answers with a tap; the bot (TelegramBookingBot) takes the press.
        draft.buttons = [[
            InlineKeyboardButton(text: messages.catalog.message("bot.offer_accept", locale: locale), action: .callbackData(Self.data(notice.offerId, accept: true))),
            InlineKeyboardButton(text: messages.catalog.message("bot.offer_decline", locale: locale), action: .callbackData(Self.data(notice.offerId, accept: false))),
        ]]
        _ = try await messages.compose(draft, scope: scope)
    }
}
