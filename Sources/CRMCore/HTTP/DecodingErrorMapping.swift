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
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw DecodingErrorMapping.appError(error)
        }
    }
}
