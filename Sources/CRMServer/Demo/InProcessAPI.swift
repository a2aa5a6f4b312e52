import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Tenancy

/// The whole application's router answered in process: a request goes through the middleware,
/// authentication and the real controllers, without a socket. The demo studio is written through
/// it, so every row is one the API would write.
struct InProcessAPI: Sendable {
    let responder: RouterResponder<APIRequestContext>
    let logger: Logger

    init(router: Router<APIRequestContext>, logger: Logger) {
        responder = router.buildResponder()
        self.logger = logger
    }

    struct Answer {
        let status: HTTPResponse.Status
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The answer's JSON object.
        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

        /// The `id` of the answered record.
        var id: String { object["id"] as? String ?? "" }
    }

    /// One request as `token`'s bearer; `json` is serialized with JSONSerialization.
    func call(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]? = nil) async throws -> Answer {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .idempotencyKey: UUID().uuidString]
        var body = ByteBuffer()
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers),
            body: RequestBody(buffer: body))
        let context = APIRequestContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let storage = BodyStorage()
        try await response.body.write(BodySink(storage: storage))
        return Answer(status: response.status, body: Data(buffer: storage.buffer.withLock { $0 }))
    }

    /// `call`, requiring a 2xx answer.
    @discardableResult
    func ok(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]? = nil) async throws -> Answer {
        let answer = try await call(method, path, token: token, json: json)
        guard (200..<300).contains(answer.status.code) else {
            throw DemoFailure("\(method) \(path) answered \(answer.status.code): \(answer.text)")
        }
        return answer
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A response body as written.
private final class BodyStorage: Sendable {
    let buffer = Mutex(ByteBuffer())
}

/// Collects a response body into its storage.
private struct BodySink: ResponseBodyWriter {
    let storage: BodyStorage

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        storage.buffer.withLock { $0.writeBuffer(&buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
