import CRMCore
import Foundation
import Providers

/// What a template is for. Each has a text per channel and locale: the studio's own, or the
/// default shipped in `lang/<locale>.json` (`template.<key>.<channel>`, and
/// `template.<key>.email.subject` for the email subject).
public enum TemplateKey: String, Codable, Sendable, CaseIterable {
    case appointmentReminder = "appointment.reminder"
    case appointmentConfirmed = "appointment.confirmed"
    case appointmentCancelled = "appointment.cancelled"
    case appointmentRescheduled = "appointment.rescheduled"
    /// An invoice sent to the client with its payment link (`POST /invoices/{id}/send`).
    case invoicePaymentLink = "invoice.payment_link"
}

/// The text of one key × channel × locale.
public struct MessageTemplate: Sendable, Equatable {
    public var key: TemplateKey
    public var channel: MessageChannel
    public var locale: AppLocale
    /// Email only.
    public var subject: String?
    public var body: String
    /// False while the studio uses the shipped default.
    public var isCustom: Bool
    public var updatedAt: Date?

    /// The shipped default from the catalog.
    static func standard(_ key: TemplateKey, channel: MessageChannel, locale: AppLocale, catalog: MessageCatalog) -> MessageTemplate {
        let base = "template.\(key.rawValue).\(channel.rawValue)"
        return MessageTemplate(
            key: key, channel: channel, locale: locale,
            subject: channel == .email ? catalog.message(base + ".subject", locale: locale) : nil,
            body: catalog.message(base, locale: locale), isCustom: false, updatedAt: nil)
    }

    var auditSnapshot: JSONValue {
        .object([
            "key": .string(key.rawValue), "channel": .string(channel.rawValue), "locale": .string(locale.rawValue),
            "subject": subject.map(JSONValue.string) ?? .null, "body": .string(body),
        ])
    }
}

/// `{name}`, `{datetime}`, `{service}`, `{link}`: the only placeholders a template may use.
enum TemplatePlaceholders {
    static let allowed: Set<String> = ["name", "datetime", "service", "link"]

    /// Every `{…}` in `text`, in order.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in text {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                names.append(name)
                current = nil
            } else if current != nil {
                current!.append(character)
            }
        }
        return names
    }

    /// `unknown_placeholder` when `text` names anything else.
    static func problem(in text: String) -> String? {
        names(in: text).contains { !allowed.contains($0) } ? "unknown_placeholder" : nil
    }

    static func render(_ text: String, values: [String: String]) -> String {
        var result = text
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }
}

/// The values placeholders take for one message.
struct TemplateValues: Sendable {
    var name: String
    var startsAt: Date?
    var service: String?
    var link: String?

    /// `{datetime}` in the tenant's zone, worded in the client's locale (`25 октября, 10:00`).
    func dictionary(zone: TimeZone, locale: AppLocale) -> [String: String] {
        var values = ["name": name, "service": service ?? "", "link": link ?? ""]
        values["datetime"] = startsAt.map { Self.format($0, zone: zone, locale: locale) } ?? ""
        return values
    }

    static func format(_ date: Date, zone: TimeZone, locale: AppLocale) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale == .ru ? "ru_RU" : "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = "d MMMM, HH:mm"
        return formatter.string(from: date)
    }
}
