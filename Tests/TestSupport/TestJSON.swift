import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// Decoder for API responses (ISO 8601 dates).
public let apiDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
}()

/// Encoder for request bodies: ISO 8601 dates (wall times the API reads as the studio's are plain
/// `String`s in the request structs); a `nil` optional is left out, never sent as `null`.
public let apiEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return encoder
}()

extension TestClientProtocol {
    /// One request whose body is `json` encoded by `apiEncoder`.
    public func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, json: some Encodable) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: try apiEncoder.encode(json)))
    }

    /// `POST path` as the bearer of `token`; throws with the answer unless it is 201, else decodes it.
    public func create<Answer: Decodable>(_ path: String, token: String, _ body: some Encodable, as answer: Answer.Type = Answer.self)
        async throws -> Answer
    {
        let response = try await execute(uri: path, method: .post, headers: [.authorization: "Bearer \(token)"], json: body)
        guard response.status == .created else {
            throw FixtureFailure("POST \(path): \(response.status.code) \(String(buffer: response.body))")
        }
        return try apiDecoder.decode(Answer.self, from: response.body)
    }
}

/// A fixture the API refused.
public struct FixtureFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The id of a created row.
public struct CreatedID: Decodable, Sendable {
    public let id: String
}
