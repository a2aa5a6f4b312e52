import CRMCore
import Foundation
import Providers
import Booking

public enum MessageEntity {}
/// One message to or from a client (SPEC §7).
public typealias MessageID = TypedID<MessageEntity>

/// `queued → sent → delivered → read`, or `failed` with the error. Inbound messages are
/// `received`.
public enum MessageStatus: String, Codable, Sendable, CaseIterable {
    case queued, sent, delivered, read, failed, received

    /// Where a provider's status report may take a message: never backwards.
    func accepts(_ next: MessageStatus) -> Bool {
        switch (self, next) {
        case (.queued, .sent), (.queued, .delivered), (.queued, .read), (.queued, .failed): true
        case (.sent, .delivered), (.sent, .read), (.sent, .failed): true
        case (.delivered, .read): true
        default: false
        }
    }
}

public enum MessageDirection: String, Codable, Sendable {
    case outbound, inbound
}

/// Transactional messages (reminders, confirmations, a reply to the client) need no consent;
/// marketing needs the client's consent for that channel (SPEC §3, §7).
public enum MessageKind: String, Codable, Sendable, CaseIterable {
    case transactional, marketing
}

/// A row of `messages`.
public struct Message: Sendable, Equatable {
    public var id: MessageID
    public var tenantId: TenantID
    public var clientId: CustomerID?
    public var appointmentId: AppointmentID?
    public var channel: MessageChannel
    public var direction: MessageDirection
    public var kind: MessageKind
    /// The phone, email address or Telegram chat id it went to or came from.
    public var recipient: String
    public var subject: String?
    public var body: String
    public var templateKey: String?
    /// The placeholder values the body was rendered with, so a fallback renders the next
    /// channel's template with the same ones.
    public var templateValues: [String: String]?
    public var status: MessageStatus
    public var provider: String?
    public var providerMessageId: String?
    public var cost: Money?
    public var costCurrency: String?
    /// When it may go out (now for `POST /messages`); quiet hours and throttling move it later.
    public var scheduledAt: Date
    public var sentAt: Date?
    public var deliveredAt: Date?
    public var readAt: Date?
    public var failedAt: Date?
    public var error: String?
    public var attempts: Int
    /// The message on the previous channel whose permanent failure made this one.
    public var fallbackFrom: MessageID?
    /// Telegram `update_id` of an inbound message.
    public var externalId: String?
    public var createdBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date
    /// Inline buttons under a Telegram message (a waitlist offer's accept and decline); the
    /// other channels carry the same choice as a link in the text.
    public var buttons: [[InlineKeyboardButton]]? = nil

    var auditSnapshot: JSONValue {
        .object([
            "clientId": clientId.map { .string($0.description) } ?? .null, "channel": .string(channel.rawValue),
            "direction": .string(direction.rawValue), "kind": .string(kind.rawValue), "status": .string(status.rawValue),
            "templateKey": templateKey.map(JSONValue.string) ?? .null, "scheduledAt": .string(Self.instant(scheduledAt)),
            "provider": provider.map(JSONValue.string) ?? .null, "error": error.map(JSONValue.string) ?? .null,
            "fallbackFrom": fallbackFrom.map { .string($0.description) } ?? .null,
        ])
    }

    static func instant(_ date: Date) -> String { Appointment.instant(date) }

    /// The recipient as the provider clients take it.
    var outboundRecipient: MessageRecipient {
        switch channel {
        case .sms: .phone(recipient)
        case .email: .email(recipient)
        case .telegram: .telegramChat(recipient)
        }
    }
}
