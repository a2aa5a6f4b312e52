import Foundation

/// A JSON value of any shape, for machine-readable error `details` and free-form payloads.
public enum JSONValue: Sendable, Equatable, Hashable, Codable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue {
    /// An `updated` event's payload: the snapshot after the change plus the names of the fields
    /// that changed (`"changed": ["schedule"]`), so a consumer (the slot cache) can tell a
    /// schedule change from a rename without diffing.
    public static func updatePayload(_ after: JSONValue, changed: [String]) -> JSONValue {
        guard case .object(var object) = after else { return after }
        object["changed"] = .array(changed.sorted().map(JSONValue.string))
        return .object(object)
    }

    /// Top-level keys whose values differ between two object snapshots.
    public static func changedKeys(_ before: JSONValue, _ after: JSONValue) -> [String] {
        guard case .object(let old) = before, case .object(let new) = after else { return [] }
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }
}
