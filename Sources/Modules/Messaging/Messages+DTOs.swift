import CRMCore
import Foundation
import Hummingbird
import Providers
import Tenancy

/// A message as the API shows it. Phone numbers and email addresses follow the caller's PII
/// visibility (masked in lists for receptionists, everywhere for read-only users).
struct MessageDTO: Encodable, Sendable, ResponseEncodable {
    let id: MessageID
    let clientId: CustomerID?
    /// The client's name now (a list names its rows without a request per client).
    var clientName: String?
    let appointmentId: AppointmentID?
    let channel: MessageChannel
    let direction: MessageDirection
    let kind: MessageKind
    let recipient: String
    let subject: String?
    let body: String
    let templateKey: String?
    let status: MessageStatus
    let provider: String?
    let providerMessageId: String?
    let cost: Money?
    let costCurrency: String?
    let scheduledAt: String
    let sentAt: String?
    let deliveredAt: String?
    let readAt: String?
    let failedAt: String?
    let error: String?
    let attempts: Int
    let fallbackFrom: MessageID?
    let createdBy: UserID?
    let createdAt: Date
    let updatedAt: Date

    init(_ m: Message, timeZone: TimeZone, pii: PIIPresenter, view: PIIView) {
        func local(_ date: Date?) -> String? { date.map { TenantTime.formatISO($0, in: timeZone) } }
        id = m.id
        clientId = m.clientId
        appointmentId = m.appointmentId
        channel = m.channel
        direction = m.direction
        kind = m.kind
        recipient =
            switch m.channel {
            case .sms: pii.phone(m.recipient, in: view) ?? ""
            case .email: pii.email(m.recipient, in: view) ?? ""
            case .telegram: m.recipient
            }
        subject = m.subject
        body = m.body
        templateKey = m.templateKey
        status = m.status
        provider = m.provider
        providerMessageId = m.providerMessageId
        cost = m.cost
        costCurrency = m.costCurrency
        scheduledAt = TenantTime.formatISO(m.scheduledAt, in: timeZone)
        sentAt = local(m.sentAt)
        deliveredAt = local(m.deliveredAt)
        readAt = local(m.readAt)
        failedAt = local(m.failedAt)
        error = m.error
        attempts = m.attempts
        fallbackFrom = m.fallbackFrom
        createdBy = m.createdBy
        createdAt = m.createdAt
        updatedAt = m.updatedAt
    }
}

struct MessageTemplateDTO: Encodable, Sendable, ResponseEncodable {
    let key: TemplateKey
    let channel: MessageChannel
    let locale: AppLocale
    let subject: String?
    let body: String
    let custom: Bool
    let updatedAt: Date?

    init(_ t: MessageTemplate) {
        key = t.key
        channel = t.channel
        locale = t.locale
        subject = t.subject
        body = t.body
        custom = t.isCustom
        updatedAt = t.updatedAt
    }
}

struct MessageTemplateListDTO: Encodable, Sendable, ResponseEncodable {
    let items: [MessageTemplateDTO]
    /// The placeholders a template may use.
    let placeholders: [String]
}
