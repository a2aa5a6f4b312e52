import CRMCore
import Foundation
import Providers

/// What a message to send (or schedule) says, typed: read from a request body at the edge
/// (`read`, every type problem collected in `problems`), or given in code by another domain
/// (an invoice's pay link) through `init`. `MessagesService.compose` adds the problems only the
/// records can tell (an unknown client, no reachable channel) and answers all of them at once.
public struct MessageDraft: Sendable {
    public var clientId: BodyField<CustomerID>
    public var appointmentId: BodyField<AppointmentID>
    public var channel: BodyField<MessageChannel>
    public var kind: BodyField<MessageKind>
    public var text: BodyField<String>
    public var subject: BodyField<String>
    public var templateKey: BodyField<TemplateKey>
    public var link: BodyField<String>
    public var sendAt: BodyField<Date>
    /// Whether the message waits for `sendAt` (`POST /messages/schedule`).
    public var scheduled: Bool
    /// Inline buttons, kept when the message goes by Telegram (given in code only).
    public var buttons: [[InlineKeyboardButton]]? = nil
    /// Field path → problem code, from reading the body.
    public var problems: [String: String]

    /// A draft given in code; nil leaves a field out (the channel then follows the studio's order).
    public init(
        clientId: CustomerID, appointmentId: AppointmentID? = nil, channel: MessageChannel? = nil, kind: MessageKind? = nil, text: String? = nil,
        subject: String? = nil, templateKey: TemplateKey? = nil, link: String? = nil, sendAt: Date? = nil
    ) {
        self.clientId = .value(clientId)
        self.appointmentId = BodyField(appointmentId)
        self.channel = BodyField(channel)
        self.kind = BodyField(kind)
        self.text = BodyField(text)
        self.subject = BodyField(subject)
        self.templateKey = BodyField(templateKey)
        self.link = BodyField(link)
        self.sendAt = BodyField(sendAt)
        scheduled = sendAt != nil
        problems = [:]
    }

    /// The body of `POST /messages/send` or `/messages/schedule` (`scheduled`: `sendAt` required).
    public static func read(_ body: BodyFields, scheduled: Bool, timeZone: TimeZone) -> MessageDraft {
        var fields = body
        var draft = MessageDraft(clientId: .random())
        draft.clientId = fields.id("clientId")
        draft.appointmentId = fields.id("appointmentId")
        draft.channel = fields.enumeration("channel")
        draft.kind = fields.enumeration("kind")
        draft.text = fields.text("text", maxLength: MessagesService.maxBodyLength)
        draft.subject = fields.text("subject", maxLength: MessagesService.maxSubjectLength)
        draft.templateKey = fields.enumeration("templateKey")
        draft.link = fields.text("link", maxLength: 500)
        draft.sendAt = scheduled ? fields.instant("sendAt", timeZone: timeZone) : .absent
        draft.scheduled = scheduled
        fields.require("clientId", draft.clientId, creating: true)
        if scheduled { fields.require("sendAt", draft.sendAt, creating: true) }
        draft.problems = fields.problems
        return draft
    }
}
