import CRMCore
import Foundation

/// The fields of a client create or PATCH body, read with `BodyFields` so every bad field is
/// reported at once. For optional fields `.some(nil)` is an explicit `null` or blank (clear
/// it), `nil` is absent (keep it).
struct ClientInput: Sendable {
    var name: String?
    var phone: String??
    var email: String??
    var birthday: LocalDate??
    var locale: AppLocale??
    var tags: [String]?
    var allergies: String??
    var preferences: String??
    var loyaltyLevel: LoyaltyLevel?
    var telegramChatId: String??

    /// Field path → problem code, from reading the body.
    var problems: [String: String] = [:]

    static let maxTags = 20

    /// A create (`creating`) or PATCH body, read at the edge with its problems.
    static func read(_ body: BodyFields, creating: Bool) -> ClientInput {
        var fields = body
        var input = ClientInput(&fields, creating: creating)
        input.problems = fields.problems
        return input
    }

    init(_ fields: inout BodyFields, creating: Bool) {
        let nameField = fields.text("name", maxLength: 200)
        fields.require("name", nameField, creating: creating)
        name = nameField.value
        phone = Self.optional(fields.text("phone", maxLength: 40))
        email = Self.optional(fields.text("email", maxLength: 254))
        allergies = Self.optional(fields.text("allergies", maxLength: 2000))
        preferences = Self.optional(fields.text("preferences", maxLength: 2000))
        telegramChatId = Self.optional(fields.text("telegramChatId", maxLength: 64))
        birthday = Self.parsed("birthday", &fields) { LocalDate(iso: $0) }
        locale = Self.parsed("locale", &fields) { AppLocale(rawValue: $0) }
        let level = fields.text("loyaltyLevel", maxLength: 20)
        fields.require("loyaltyLevel", level, creating: false)
        if let text = level.value {
            if let parsed = LoyaltyLevel(rawValue: text) { loyaltyLevel = parsed } else { fields.problem("loyaltyLevel", "invalid") }
        }
        tags = Self.tags(&fields)
    }

    private static func optional(_ field: BodyField<String>) -> String?? {
        switch field {
        case .absent: nil
        case .null: .some(nil)
        case .value(let text): .some(text)
        }
    }

    /// Text parsed by `parse`; text it refuses is `invalid`.
    private static func parsed<T>(_ key: String, _ fields: inout BodyFields, _ parse: (String) -> T?) -> T?? {
        switch fields.text(key, maxLength: 40) {
        case .absent: return nil
        case .null: return .some(nil)
        case .value(let text):
            guard let value = parse(text) else {
                fields.problem(key, "invalid")
                return nil
            }
            return .some(value)
        }
    }

    /// Staff tags: lower-cased, trimmed, 1–40 characters, at most 20, never an automatic tag's name.
    private static func tags(_ fields: inout BodyFields) -> [String]? {
        switch fields.array("tags") {
        case .absent: return nil
        case .null: return []
        case .value(let items):
            var tags: [String] = []
            for item in items {
                guard case .string(let raw) = item else {
                    fields.problem("tags", "invalid_type")
                    return nil
                }
                let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                if tag.isEmpty || tag.count > 40 {
                    fields.problem("tags", "invalid")
                } else if AutoTag(rawValue: tag) != nil {
                    fields.problem("tags", "reserved")
                } else if !tags.contains(tag) {
                    tags.append(tag)
                }
            }
            if tags.count > maxTags { fields.problem("tags", "too_many_values") }
            return tags
        }
    }
}
