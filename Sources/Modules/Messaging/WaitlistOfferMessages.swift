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
        _ = try await messages.compose(
            MessageDraft(
                clientId: client.id, appointmentId: notice.appointmentId, channel: notice.channel.flatMap(MessageChannel.init(rawValue:)),
                kind: .transactional, text: text, subject: messages.catalog.message("waitlist.offer.subject", locale: locale)),
            scope: scope)
    }
}
