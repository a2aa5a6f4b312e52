import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Contexts that can say whose idempotency keys a request uses: the tenant (and user) on
/// authenticated routes, the caller's address on public ones.
public protocol IdempotencyScoped {
    var idempotencyScope: String { get }
}

/// `Idempotency-Key` on POST (SPEC §14): the first response is stored per (scope, key, method +
/// path) and replayed byte for byte for the same body; another body is `422
/// idempotency_key_reused`; a duplicate that arrives while the first still runs waits for it
/// (then replays) or, past `waitTimeout`, gets `409 idempotency_in_progress`.
///
/// Only responses below 500 are stored. A request that fails with a thrown error or a 5xx
/// releases its key, so the client can retry the same operation with the same key. A response
/// marked `Cache-Control: no-store` (it carries a secret: a session cookie, a token shown once)
/// is never written to the store either; its key is released like a failure's.
public struct IdempotencyMiddleware<Context: AppContext & IdempotencyScoped>: RouterMiddleware {
    let store: IdempotencyStore
    let waitTimeout: Duration
    let pollInterval: Duration

    public init(store: IdempotencyStore, waitTimeout: Duration = .seconds(10), pollInterval: Duration = .milliseconds(25)) {
        self.store = store
        self.waitTimeout = waitTimeout
        self.pollInterval = pollInterval
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post, let rawKey = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...255).contains(rawKey.utf8.count), rawKey.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw AppError.validation(field: "Idempotency-Key", "invalid")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let hash = SHA256.hash(data: Data(body.readableBytesView)).map { String(format: "%02x", $0) }.joined()
        let key = IdempotencyStore.Key(scope: context.idempotencyScope, key: rawKey, target: "POST \(request.uri.path)")

        let deadline = ContinuousClock.now + waitTimeout
        while true {
            switch try await store.claim(key, requestHash: hash, now: context.clock.now()) {
            case .claimed:
                return try await runAndStore(request, context: context, key: key, next: next)
            case .completed(let stored):
                return Self.replay(stored)
            case .mismatch:
                throw AppError.unprocessable("idempotency_key_reused")
            case .inProgress:
                guard ContinuousClock.now < deadline else { throw AppError.conflict("idempotency_in_progress") }
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    private func runAndStore(
        _ request: Request, context: Context, key: IdempotencyStore.Key, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(key)
            throw error
        }
        guard response.status.code < 500, !Self.mustNotBeStored(response) else {
            try? await store.release(key)
            return response
        }
        let body = try await Self.collect(response.body)
        var headers: [String: String] = [:]
        for field in response.headers where !Self.unstoredHeaders.contains(field.name) {
            headers[field.name.canonicalName] = headers[field.name.canonicalName].map { "\($0), \(field.value)" } ?? field.value
        }
        try await store.complete(key, response: .init(status: Int(response.status.code), headers: headers, body: body))
        var rebuilt = response
        rebuilt.body = .init(byteBuffer: ByteBuffer(bytes: body))
        return rebuilt
    }

    static func mustNotBeStored(_ response: Response) -> Bool {
        response.headers[values: .cacheControl].contains { $0.lowercased().contains("no-store") }
            || response.headers[.setCookie] != nil
    }

    /// Headers that describe this delivery, not the stored result.
    static var unstoredHeaders: Set<HTTPField.Name> { [.xRequestId, .date, .contentLength, .connection, .transferEncoding] }

    static func replay(_ stored: IdempotencyStore.StoredResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in stored.headers.sorted(by: { $0.key < $1.key }) {
            if let fieldName = HTTPField.Name(name) { headers[fieldName] = value }
        }
        headers[.idempotentReplayed] = "true"
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
    }

    static func collect(_ body: ResponseBody) async throws -> Data {
        let sink = CollectingWriter.Sink()
        try await body.write(CollectingWriter(sink: sink))
        return sink.data.withLock { $0 }
    }
}

/// A response-body writer that keeps what is written, so the response can be stored.
struct CollectingWriter: ResponseBodyWriter {
    final class Sink: Sendable {
        let data = Mutex(Data())
    }
    let sink: Sink

    mutating func write(_ buffer: ByteBuffer) async throws {
        sink.data.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
