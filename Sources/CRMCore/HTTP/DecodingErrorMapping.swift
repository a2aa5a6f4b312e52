import Foundation
import Hummingbird

/// Maps a JSON `DecodingError` to `validation_error` naming the field by its dotted path
/// (`items.0.price`), so clients see which input was wrong.
public enum DecodingErrorMapping {
    public static func appError(_ error: DecodingError) -> AppError {
        switch error {
        case .keyNotFound(let key, let context):
            return .validation(field: path(context.codingPath + [key]), "required")
        case .valueNotFound(_, let context):
            return .validation(field: path(context.codingPath), "required")
        case .typeMismatch(_, let context):
            return .validation(field: path(context.codingPath), "invalid_type")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return AppError(status: .badRequest, code: "invalid_json") }
            // Types that validate while decoding put their problem code in the description.
            let problem = context.debugDescription.allSatisfy { $0.isLetter || $0 == "_" } ? context.debugDescription : "invalid"
            return .validation(field: path(context.codingPath), problem)
        @unknown default:
            return AppError(status: .badRequest, code: "invalid_json")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        let parts = codingPath.map { key in key.intValue.map(String.init) ?? key.stringValue }
        return parts.isEmpty ? "body" : parts.joined(separator: ".")
    }
}

extension Request {
    /// Decodes a JSON body; malformed JSON is `400 invalid_json`, a bad field is
    /// `400 validation_error` naming it.
    public func decodeJSON<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let data = Data(buffer.readableBytesView)
        let value: T
        do {
            value = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            // Decoding stops at the first problem; name the refused nulls beside it all the same.
            var mapped = DecodingErrorMapping.appError(error)
            if let fields = mapped.fields { mapped.fields = NullFields.refused(in: data, as: T.self).merging(fields) { _, decoded in decoded } }
            throw mapped
        }
        try NullFields.refuse(in: data, decoded: value)
        return value
    }
}

/// Declares the top-level fields of a Codable request body that take `null` (with a meaning the
/// document states, such as "never expires"). Every other field of the body refuses `null`.
public protocol NullableFields {
    static var nullableFields: Set<String> { get }
}

/// Codable reads `null` and a missing key alike as `nil`, so `{"name": null}` would silently mean
/// "unchanged". A top-level `null` for one of the body's own properties (its Swift property names,
/// which are its JSON keys) that is not declared nullable is `400 validation_error`, `required`.
enum NullFields {
    static func refuse<T>(in data: Data, decoded value: T) throws {
        // Only structs: an enum body (a free-form JSON value) has no fields of its own.
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return }
        let properties = Set(mirror.children.compactMap(\.label))
        let refused = refused(in: data, as: T.self).filter { properties.contains($0.key) }
        guard refused.isEmpty else { throw AppError.validation(refused) }
    }

    /// The top-level keys given as `null` that `T` does not declare nullable, each `required`.
    /// Without a decoded value the body's own properties are unknown, so on a body that failed to
    /// decode every such key is named.
    static func refused<T>(in data: Data, as _: T.Type) -> [String: String] {
        // Most bodies carry no null at all: skip the second parse for them.
        guard data.range(of: Data("null".utf8)) != nil,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        let nullable = (T.self as? any NullableFields.Type)?.nullableFields ?? []
        let keys = object.filter { $0.value is NSNull && !nullable.contains($0.key) }.map(\.key)
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, "required") })
    }
}
