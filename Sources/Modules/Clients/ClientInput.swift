import CRMCore
import Foundation

/// The fields of a create or PATCH body, read one by one so every bad field is reported at
/// once. For optional fields, `.some(nil)` is an explicit `null` (clear it), `nil` is absent.
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

    static let maxTags = 20

    /// Reads `body`; type problems go into `problems`, keyed by field.
    init(_ body: JSONValue, problems: inout [String: String]) {
        guard case .object(let fields) = body else {
            problems["body"] = "invalid_type"
            return
        }
        var reader = FieldReader(fields: fields)
        name = reader.text("name", limit: 200)
        phone = reader.optionalText("phone", limit: 40)
        email = reader.optionalText("email", limit: 254)
        birthday = reader.optional("birthday") { LocalDate(iso: $0) }
        locale = reader.optional("locale") { AppLocale(rawValue: $0) }
        allergies = reader.optionalText("allergies", limit: 2000)
        preferences = reader.optionalText("preferences", limit: 2000)
        telegramChatId = reader.optionalText("telegramChatId", limit: 64)
        if let level = reader.optional("loyaltyLevel", { LoyaltyLevel(rawValue: $0) }) {
            if let level { loyaltyLevel = level } else { reader.problems["loyaltyLevel"] = "required" }
        }
        tags = reader.tags("tags")
        problems.merge(reader.problems) { first, _ in first }
    }
}

/// Typed reads from a JSON object that record a problem instead of throwing.
struct FieldReader {
    let fields: [String: JSONValue]
    var problems: [String: String] = [:]

    /// A required-when-present string, trimmed; empty is `required`.
    mutating func text(_ key: String, limit: Int) -> String? {
        guard let value = fields[key] else { return nil }
        guard case .string(let raw) = value else {
            problems[key] = value == .null ? "required" : "invalid_type"
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems[key] = "required" } else if text.count > limit { problems[key] = "too_long" }
        return text
    }

    /// An optional string: absent → nil, `null` or blank → `.some(nil)`.
    mutating func optionalText(_ key: String, limit: Int) -> String?? {
        optional(key) { raw in
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.count > limit ? nil : text
        }.map { value in value.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// An optional string parsed by `parse` (nil from `parse` is `invalid`, `too_long` for text).
    mutating func optional<T>(_ key: String, _ parse: (String) -> T?) -> T?? {
        guard let value = fields[key] else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let raw):
            if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, T.self == String.self { return .some(nil) }
            guard let parsed = parse(raw) else {
                problems[key] = T.self == String.self ? "too_long" : "invalid"
                return nil
            }
            return .some(parsed)
        default:
            problems[key] = "invalid_type"
            return nil
        }
    }

    /// Staff tags: lower-cased, trimmed, 1–40 characters, at most 20, never an automatic tag's name.
    mutating func tags(_ key: String) -> [String]? {
        guard let value = fields[key] else { return nil }
        guard case .array(let items) = value else {
            problems[key] = "invalid_type"
            return nil
        }
        var tags: [String] = []
        for item in items {
            guard case .string(let raw) = item else {
                problems[key] = "invalid_type"
                return nil
            }
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if tag.isEmpty || tag.count > 40 {
                problems[key] = "invalid"
            } else if AutoTag(rawValue: tag) != nil {
                problems[key] = "reserved"
            } else if !tags.contains(tag) {
                tags.append(tag)
            }
        }
        if tags.count > ClientInput.maxTags { problems[key] = "too_many_values" }
        return tags
    }
}
