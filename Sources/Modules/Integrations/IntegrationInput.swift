import CRMCore
import Foundation
import Tenancy

/// What a `PUT /integrations/{provider}` asks for, applied to what the studio has stored:
/// settings merge field by field (`null` clears an optional one), a secret left out keeps the
/// stored one. Every problem of the body is collected and thrown at once.
struct IntegrationChanges: Sendable, Equatable {
    /// The complete non-secret settings after the change.
    var settings: [String: JSONValue]
    /// Secrets the body sets (a value) or clears (nil); a secret not named here is kept.
    var secrets: [String: String?]
}

enum IntegrationInput {
    static let secretMaxLength = 512

    /// `stored`: the current settings (nil for a new integration) and the names of the secrets set.
    static func apply(_ body: BodyFields, to provider: IntegrationProvider, stored: (settings: [String: JSONValue], secrets: Set<String>)?) throws
        -> IntegrationChanges
    {
        var body = body
        var settings = stored?.settings ?? [:]
        var secrets: [String: String?] = [:]
        let known = Set(provider.fields.map(\.name))
        for key in body.object.keys where !known.contains(key) { body.problem(key, "unknown_field") }
        for field in provider.fields {
            if field.isLearned {
                if !body.raw(field.name).isAbsent { body.problem(field.name, "read_only") }
                continue
            }
            switch read(field, from: &body) {
            case .absent: break
            case .null:
                if field.required { body.problem(field.name, "required") }
                if field.isSecret { secrets[field.name] = .some(nil) } else { settings[field.name] = nil }
            case .value(let value):
                if field.isSecret, case .string(let text) = value { secrets[field.name] = .some(text) } else { settings[field.name] = value }
            }
        }
        if stored == nil {
            for field in provider.settingFields where settings[field.name] == nil {
                if let value = field.defaultValue { settings[field.name] = .string(value) }
            }
        }
        if provider == .smtp, settings["port"] == nil {
            // The submission port of the chosen security: 465 for implicit TLS, 587 for STARTTLS, 25 in clear.
            let security = settings["security"].flatMap { if case .string(let text) = $0 { text } else { nil } }
            settings["port"] = .int(security == "tls" ? 465 : security == "none" ? 25 : 587)
        }
        let secretsSet = (stored?.secrets ?? []).union(secrets.compactMap { $0.value == nil ? nil : $0.key })
            .subtracting(secrets.compactMap { $0.value == nil ? $0.key : nil })
        for field in provider.fields where field.required && body.problems[field.name] == nil {
            let present = field.isSecret ? secretsSet.contains(field.name) : settings[field.name] != nil
            if !present { body.problem(field.name, "required") }
        }
        if provider == .smtp {
            // AUTH needs both; a password without a user would never be used.
            let hasUser = settings["username"] != nil
            let hasPassword = secretsSet.contains("password")
            if hasUser, !hasPassword { body.problem("password", "required") }
            if hasPassword, !hasUser { body.problem("username", "required") }
        }
        guard body.problems.isEmpty else { throw AppError.validation(body.problems) }
        return IntegrationChanges(settings: settings, secrets: secrets)
    }

    /// One field as the body gives it, checked against its kind.
    static func read(_ field: IntegrationField, from body: inout BodyFields) -> BodyField<JSONValue> {
        let name = field.name
        switch field.kind {
        case .port:
            switch body.integer(name) {
            case .absent: return .absent
            case .null: return .null
            case .value(let port):
                guard (1...65535).contains(port) else {
                    body.problem(name, "out_of_range")
                    return .absent
                }
                return .value(.int(Int64(port)))
            }
        case .secret(let rule):
            switch body.text(name, maxLength: secretMaxLength) {
            case .absent: return .absent
            case .null: return .null
            case .value(let secret):
                guard !secret.contains(where: { $0.isWhitespace || $0.isNewline }), accepts(secret, rule) else {
                    body.problem(name, "invalid")
                    return .absent
                }
                return .value(.string(secret))
            }
        case .learned:
            return .absent
        case .text(let limit), .digits(let limit):
            return checked(name, limit: limit, from: &body) { text in
                if case .digits = field.kind { return text.allSatisfy { $0.isASCII && $0.isNumber } }
                return !text.contains(where: \.isNewline)
            }
        case .email:
            return checked(name, limit: 254, from: &body) { TenantProvisioning.looksLikeEmail($0) && !$0.contains(where: \.isWhitespace) }
        case .mailbox:
            return checked(name, limit: 320, from: &body, isValid: isMailbox)
        case .hostname:
            return checked(name, limit: 253, from: &body) { host in
                !host.hasPrefix(".") && !host.hasSuffix(".") && !host.hasPrefix("-")
                    && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }
            }
        case .publicKey(let prefixes):
            return checked(name, limit: 256, from: &body) { key in
                !key.contains(where: { $0.isWhitespace || $0.isNewline }) && accepts(key, .prefixed(prefixes))
            }
        case .choice(let options):
            return checked(name, limit: 32, from: &body) { options.contains($0) }
        }
    }

    private static func checked(
        _ name: String, limit: Int, from body: inout BodyFields, isValid: (String) -> Bool
    ) -> BodyField<JSONValue> {
        switch body.text(name, maxLength: limit) {
        case .absent: return .absent
        case .null: return .null
        case .value(let text):
            guard isValid(text) else {
                body.problem(name, "invalid")
                return .absent
            }
            return .value(.string(text))
        }
    }

    static func accepts(_ secret: String, _ rule: IntegrationField.SecretRule) -> Bool {
        switch rule {
        case .any: return true
        case .prefixed(let prefixes): return prefixes.contains { secret.hasPrefix($0) && secret.count > $0.count }
        case .telegramToken:
            let parts = secret.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy { $0.isASCII && $0.isNumber } && parts[1].count >= 20
                && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }

    /// `noreply@mg.example.com` or `Studio <noreply@mg.example.com>`; no line breaks (header injection).
    static func isMailbox(_ text: String) -> Bool {
        guard !text.contains(where: \.isNewline) else { return false }
        guard let open = text.lastIndex(of: "<") else { return TenantProvisioning.looksLikeEmail(text) && !text.contains(" ") }
        guard text.hasSuffix(">") else { return false }
        let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        return TenantProvisioning.looksLikeEmail(address) && !address.contains(where: \.isWhitespace)
    }
}
