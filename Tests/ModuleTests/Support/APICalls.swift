import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport

/// How a test request authenticates.
enum Caller: Sendable {
    case anonymous
    case bearer(String)
    case browser(BrowserSession)

    func headers(unsafe: Bool) -> HTTPFields {
        switch self {
        case .anonymous: [:]
        case .bearer(let token): [.authorization: "Bearer \(token)"]
        case .browser(let session): unsafe ? session.unsafeHeaders : session.headers
        }
    }
}

extension TestClientProtocol {
    /// One API request with an optional JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, as caller: Caller = .anonymous, json: String? = nil) async throws -> TestResponse {
        var headers = caller.headers(unsafe: ![.get, .head, .options].contains(method))
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// One API request with `body` encoded as JSON (`apiEncoder`: ISO 8601 dates, `nil` left out).
    func call(_ method: HTTPRequest.Method, _ uri: String, as caller: Caller = .anonymous, body: some Encodable) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: caller.headers(unsafe: ![.get, .head, .options].contains(method)), json: body)
    }
}

extension TestResponse {
    func decoded<T: Decodable>(_ type: T.Type = T.self) throws -> T { try apiDecoder.decode(T.self, from: body) }

    /// The SPEC §14 error code, or nil when the body is not an error.
    var errorCode: String? { (try? apiDecoder.decode(ErrorBody.self, from: body))?.error.code }
    var errorBody: ErrorBody.Inner? { (try? apiDecoder.decode(ErrorBody.self, from: body))?.error }
    var text: String { String(buffer: body) }
}
