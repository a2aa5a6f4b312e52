import CRMCore
import Foundation

/// The settings sections of `GET/PUT /api/v1/settings/{section}` (SPEC §3).
public enum SettingsSectionKey: String, Sendable, CaseIterable, Codable {
    case business, cancellation, deposit, notifications, branding, locale, autotags, payments, waitlist
}

/// One typed settings section: its defaults (what a new studio reads until it changes them),
/// its field names (anything else in a PUT is `unknown_field`) and its rules.
public protocol SettingsSection: Codable, Sendable, Equatable {
    static var key: SettingsSectionKey { get }
    static var defaults: Self { get }
    static var fieldNames: Set<String> { get }
    /// Every rule the values break, by field path (`quietHours.start`: `invalid_time`).
    func problems() -> [String: String]
}

extension SettingsSection {
    /// The section after a PUT: `input`'s top-level keys replace `current`'s. Problems of every
    /// field are collected at once — wrong types, unknown keys and broken rules — and thrown
    /// together, so the caller fixes everything in one round.
    static func applying(_ input: JSONValue, to current: Self) throws -> Self {
        guard case .object(let changes) = input else { throw AppError.validation(field: "body", "invalid_type") }
        guard case .object(var merged) = try current.json else { preconditionFailure("settings encode as objects") }
        var problems: [String: String] = [:]
        for (key, value) in changes {
            guard fieldNames.contains(key) else {
                problems[key] = "unknown_field"
                continue
            }
            var candidate = merged
            candidate[key] = value
            do {
                _ = try JSONValue.object(candidate).decode(as: Self.self)
                merged[key] = value
            } catch let error as DecodingError {
                problems[key] = DecodingErrorMapping.appError(error).fields?.values.first ?? "invalid"
            }
        }
        let result = try JSONValue.object(merged).decode(as: Self.self)
        problems.merge(result.problems()) { typeProblem, _ in typeProblem }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return result
    }
}

extension SettingsSection {
    /// The section as JSON with every field present (`null` for an unset optional), so a stored
    /// `null` stays a choice instead of falling back to the default.
    var json: JSONValue {
        get throws {
            guard case .object(var fields) = try JSONValue(encoding: self) else { preconditionFailure("settings encode as objects") }
            for name in Self.fieldNames where fields[name] == nil { fields[name] = .null }
            return .object(fields)
        }
    }
}

extension JSONValue {
    init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}

/// Field rules shared by several sections.
enum SettingsRules {
    static func isTimeOfDay(_ text: String) -> Bool { LocalTimeOfDay(hhmm: text) != nil }

    static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// Optional text: at most `limit` characters.
    static func check(_ text: String?, _ field: String, limit: Int, into problems: inout [String: String]) {
        if let text, text.count > limit { problems[field] = "too_long" }
    }
}
