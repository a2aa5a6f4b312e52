import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP server on 127.0.0.1 (random port) for provider tests: it records every request
/// and answers with what the test's handler returns, so a live client can be exercised against
/// the provider's documented protocol without leaving the machine.
public final class FakeHTTPServer: Sendable {
    public struct RecordedRequest: Sendable {
        public let method: String
        public let path: String
        public let query: String?
        /// Header names lower-cased.
        public let headers: [String: String]
        public let body: Data

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
        public func jsonBody() throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }
    }

    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        /// Wait this long before answering (to provoke client timeouts).
        public var delay: Duration

        public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: Duration = .zero) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        public static func json(_ text: String, status: Int = 200, delay: Duration = .zero) -> Reply {
            Reply(status: status, headers: ["Content-Type": "application/json"], body: Data(text.utf8), delay: delay)
        }
    }

    public typealias Handler = @Sendable (RecordedRequest) async -> Reply

    public let port: Int
    private let log: Log

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { log.requests.withLock { $0 } }

    private init(port: Int, log: Log) {
        self.port = port
        self.log = log
    }

    /// Starts a server answering with `handler`, runs `body`, stops the server.
    @discardableResult
    public static func run<T: Sendable>(_ handler: @escaping Handler, _ body: @Sendable (FakeHTTPServer) async throws -> T) async throws -> T {
        let log = Log()
        let router = Router()
        router.add(middleware: Recorder(log: log, handler: handler))
        let portStream = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake"),
            onServerRunning: { channel in
                portStream.continuation.yield(channel.localAddress?.port ?? 0)
                portStream.continuation.finish()
            },
            logger: testLogger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: testLogger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = portStream.stream.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw FakeServerError.didNotStart
            }
            let server = FakeHTTPServer(port: port, log: log)
            do {
                let result = try await body(server)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    final class Log: Sendable {
        let requests = Mutex<[RecordedRequest]>([])
    }

    struct Recorder: RouterMiddleware {
        typealias Context = BasicRequestContext
        let log: Log
        let handler: Handler

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var request = request
            let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName.lowercased()
                headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
            }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                body: Data(buffer.readableBytesView))
            log.requests.withLock { $0.append(recorded) }
            let reply = await handler(recorded)
            if reply.delay > .zero { try? await Task.sleep(for: reply.delay) }
            var fields = HTTPFields()
            for (name, value) in reply.headers { if let fieldName = HTTPField.Name(name) { fields[fieldName] = value } }
            return Response(
                status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
    }
}

public enum FakeServerError: Error {
    case didNotStart
}
