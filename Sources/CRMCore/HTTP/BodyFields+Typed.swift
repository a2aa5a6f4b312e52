import Foundation
import Hummingbird

extension BodyFields {
    /// A typed id given as a UUID string; anything else is `invalid`.
    public mutating func id<Entity>(_ key: String) -> BodyField<TypedID<Entity>> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let text)):
            guard let id = TypedID<Entity>(string: text) else {
                problem(key, "invalid")
                return .absent
            }
            return .value(id)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    /// An ISO 8601 datetime; without an offset it is wall time in `timeZone` (SPEC §13), and a
    /// wall time in a DST gap is `nonexistent_local_time`.
    public mutating func instant(_ key: String, timeZone: TimeZone) -> BodyField<Date> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let text)):
            do {
                return .value(try TenantTime.parseISO(text, in: timeZone))
            } catch {
                problem(key, error.problemCode)
                return .absent
            }
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    /// One of an enumeration's raw values; anything else is `invalid`.
    public mutating func enumeration<Value: RawRepresentable>(_ key: String) -> BodyField<Value> where Value.RawValue == String {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let text)):
            guard let value = Value(rawValue: text) else {
                problem(key, "invalid")
                return .absent
            }
            return .value(value)
        case .value:
            problem(key, "invalid_type")
            return .absent
        }
    }

    /// Like `decodeOptional`, for action routes whose only field is an optional `{reason}`.
    public static func optionalReason(_ request: Request, context: some RequestContext, maxLength: Int = 500) async throws -> String? {
        var fields = try await decodeOptional(request, context: context)
        let reason = fields.text("reason", maxLength: maxLength)
        guard fields.problems.isEmpty else { throw AppError.validation(fields.problems) }
        return reason.value
    }
}
