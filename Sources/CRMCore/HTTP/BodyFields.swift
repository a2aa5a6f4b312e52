import Foundation
import Hummingbird

/// A JSON body as written, numbers kept as `Decimal` so money is read exactly (a `Double`
/// would turn `10.05` into `10.050000000000001`).
public enum BodyValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([BodyValue])
    case object([String: BodyValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BodyValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BodyValue].self))
        }
    }
}

/// What a body says about one field: left out, `null`, or a value.
public enum BodyField<Value> {
    case absent
    case null
    case value(Value)

    /// The value, or nil when absent or null.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// A value given in code (not read from a body): `.value`, or `.absent` for nil.
    public init(_ value: Value?) {
        self = value.map { .value($0) } ?? .absent
    }
}

extension BodyField: Sendable where Value: Sendable {}
extension BodyField: Equatable where Value: Equatable {}

/// Reads a JSON object field by field and collects every problem (dotted field path → code), so
/// one answer names all bad fields at once. A field with a problem reads as `.absent`; callers
/// check `problems` before using what they read. Unknown keys are ignored.
public struct BodyFields {
    public let object: [String: BodyValue]
    /// The dotted path of this object inside the body (`""` at the top, `"depositRule."` nested).
    public let path: String
    /// False when the value is not an object (already reported); its fields are then not required.
    public let isObject: Bool
    public var problems: [String: String] = [:]

    public init(_ value: BodyValue, path: String = "") {
        self.path = path
        if case .object(let object) = value {
            self.object = object
            isObject = true
        } else {
            self.object = [:]
            isObject = false
            problems[path.isEmpty ? "body" : String(path.dropLast())] = "invalid_type"
        }
    }

    /// Decodes the request body: anything but JSON is `400 invalid_json`, anything but an
    /// object `400` with `body: invalid_type`.
    public static func decode(_ request: Request, context: some RequestContext) async throws -> BodyFields {
        let fields = BodyFields(try await request.decodeJSON(as: BodyValue.self, context: context))
        guard fields.isObject else { throw AppError.validation(fields.problems) }
        return fields
    }

    /// Like `decode`, but an empty (or whitespace only) body reads as `{}`: for action routes
    /// whose fields are all optional (`{reason}`, `{comment}`, `{amount}`).
    public static func decodeOptional(_ request: Request, context: some RequestContext) async throws -> BodyFields {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard !buffer.readableBytesView.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return BodyFields(.object([:])) }
        return try await decode(request, context: context)
    }

    public mutating func problem(_ key: String, _ code: String) {
        problems[path + key] = problems[path + key] ?? code
    }

    public func raw(_ key: String) -> BodyField<BodyValue> {
        guard let value = object[key] else { return .absent }
        if case .null = value { return .null }
        return .value(value)
    }

    /// Trimmed text; blank text counts as `null`. Longer than `maxLength`: `too_long`.
    public mutating func text(_ key: String, maxLength: Int) -> BodyField<String> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let text)):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return .null }
            guard trimmed.count <= maxLength else {
                problem(key, "too_long")
                return .absent
            }
            return .value(trimmed)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    /// A money amount given as a decimal string or a JSON number (two decimals at most).
    public mutating func money(_ key: String) -> BodyField<Money> {
        let text: String
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let string)): text = string
        case .value(.number(let number)): text = number.description
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
        switch Money.parse(text) {
        case .success(let money): return .value(money)
        case .failure(let error):
            problem(key, error.problemCode)
            return .absent
        }
    }

    /// A whole number given as a JSON number.
    public mutating func integer(_ key: String) -> BodyField<Int> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.number(let number)):
            var rounded = number
            var source = number
            NSDecimalRound(&rounded, &source, 0, .plain)
            guard rounded == number else {
                problem(key, "not_an_integer")
                return .absent
            }
            guard number.magnitude <= Decimal(Int32.max), let value = Int(number.description) else {
                problem(key, "out_of_range")
                return .absent
            }
            return .value(value)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    public mutating func bool(_ key: String) -> BodyField<Bool> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.bool(let value)): return .value(value)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    public mutating func array(_ key: String) -> BodyField<[BodyValue]> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.array(let items)): return .value(items)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    /// A nested object, read with its own `BodyFields` whose problems carry this key's path.
    public func nested(_ key: String) -> BodyFields? {
        guard case .value(let value) = raw(key) else { return nil }
        return BodyFields(value, path: path + key + ".")
    }

    /// Takes over the problems a nested reader found.
    public mutating func absorb(_ other: BodyFields) {
        problems.merge(other.problems) { first, _ in first }
    }

    /// A `null` for a field that cannot be empty is `required`; so is a missing one when `creating`.
    public mutating func require<Value>(_ key: String, _ field: BodyField<Value>, creating: Bool) {
        guard isObject else { return }
        switch field {
        case .null: problem(key, "required")
        case .absent where creating && problems[path + key] == nil: problem(key, "required")
        default: break
        }
    }
}

extension Array where Element == BodyValue {
    /// Typed ids from a list of id strings, each with its index in the list. A bad item is
    /// reported as `key.index: invalid`, a repeated one as `key.index: duplicate`.
    public func ids<Entity>(_ key: String, as _: TypedID<Entity>.Type, into fields: inout BodyFields) -> [(index: Int, id: TypedID<Entity>)] {
        var ids: [(index: Int, id: TypedID<Entity>)] = []
        var seen: Set<TypedID<Entity>> = []
        for (index, item) in enumerated() {
            guard case .string(let text) = item, let id = TypedID<Entity>(string: text) else {
                fields.problem("\(key).\(index)", "invalid")
                continue
            }
            if !seen.insert(id).inserted { fields.problem("\(key).\(index)", "duplicate") }
            ids.append((index, id))
        }
        return ids
    }
}
