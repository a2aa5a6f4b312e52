import CRMCore
import Foundation

/// A service's own deposit rule, overriding the tenant's deposit policy (a service without one
/// follows the policy). JSON, in the API and in the `services.deposit_rule` column:
/// `{"required": false}`, `{"required": true, "kind": "fixed", "amount": "500.00"}`,
/// `{"required": true, "kind": "percent", "percent": 30}`.
public enum ServiceDepositRule: Sendable, Equatable, Codable {
    case notRequired
    /// A fixed amount, more than zero and at most the service's base price.
    case fixed(Money)
    /// A whole percent of the price, 1...100.
    case percent(Int)

    public static let percentRange = 1...100

    enum CodingKeys: String, CodingKey {
        case required, kind, amount, percent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(Bool.self, forKey: .required) else {
            self = .notRequired
            return
        }
        switch try container.decode(String.self, forKey: .kind) {
        case "fixed": self = .fixed(try container.decode(Money.self, forKey: .amount))
        case "percent": self = .percent(try container.decode(Int.self, forKey: .percent))
        default: throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "invalid")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .notRequired:
            try container.encode(false, forKey: .required)
        case .fixed(let amount):
            try container.encode(true, forKey: .required)
            try container.encode("fixed", forKey: .kind)
            try container.encode(amount, forKey: .amount)
        case .percent(let percent):
            try container.encode(true, forKey: .required)
            try container.encode("percent", forKey: .kind)
            try container.encode(percent, forKey: .percent)
        }
    }

    /// The column text: compact JSON with sorted keys.
    var storageText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a Bool, a String, a Money and an Int cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    init?(storageText: String) {
        guard let rule = try? JSONDecoder().decode(ServiceDepositRule.self, from: Data(storageText.utf8)) else { return nil }
        self = rule
    }

    var auditSnapshot: JSONValue {
        switch self {
        case .notRequired: .object(["required": false])
        case .fixed(let amount): .object(["required": true, "kind": "fixed", "amount": .string(amount.description)])
        case .percent(let percent): .object(["required": true, "kind": "percent", "percent": .int(Int64(percent))])
        }
    }

    /// Reads the `depositRule` field: absent, `null` (follow the tenant's policy) or a rule.
    /// Problems are reported under `depositRule.<key>`.
    static func read(from fields: inout BodyFields) -> BodyField<ServiceDepositRule> {
        switch fields.raw("depositRule") {
        case .absent: return .absent
        case .null: return .null
        case .value:
            guard var rule = fields.nested("depositRule") else { return .absent }
            let parsed = parse(&rule)
            fields.absorb(rule)
            return parsed.map(BodyField.value) ?? .absent
        }
    }

    private static func parse(_ rule: inout BodyFields) -> ServiceDepositRule? {
        guard rule.problems.isEmpty else { return nil }
        let required = rule.bool("required")
        rule.require("required", required, creating: true)
        let kind = rule.text("kind", maxLength: 20)
        let amount = rule.money("amount")
        let percent = rule.integer("percent")
        guard let isRequired = required.value else { return nil }
        if !isRequired {
            // Nothing else belongs in a rule that asks for no deposit.
            for key in ["kind", "amount", "percent"] where rule.raw(key).value != nil { rule.problem(key, "not_allowed") }
            return rule.problems.isEmpty ? .notRequired : nil
        }
        switch kind {
        case .value("fixed"):
            rule.require("amount", amount, creating: true)
            if rule.raw("percent").value != nil { rule.problem("percent", "not_allowed") }
            if let amount = amount.value, amount <= .zero { rule.problem("amount", "out_of_range") }
            guard rule.problems.isEmpty, let amount = amount.value else { return nil }
            return .fixed(amount)
        case .value("percent"):
            rule.require("percent", percent, creating: true)
            if rule.raw("amount").value != nil { rule.problem("amount", "not_allowed") }
            if let percent = percent.value, !percentRange.contains(percent) { rule.problem("percent", "out_of_range") }
            guard rule.problems.isEmpty, let percent = percent.value else { return nil }
            return .percent(percent)
        case .value:
            rule.problem("kind", "invalid")
            return nil
        case .absent, .null:
            rule.require("kind", kind, creating: true)
            return nil
        }
    }
}
