import CHiredis
import Foundation
import NIOPosix

/// A blocking hiredis connection. Not shared between tasks: open one per unit of work (or keep
/// one per worker) and call it off the event loops (`RedisConnection.run`, `RedisPool`).
/// `@unchecked Sendable`: it moves between threads but is only ever used by one at a time (a
/// `RedisPool` lends it to one caller).
public final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>

    public enum Reply: Equatable, Sendable {
        case string(String)
        case integer(Int64)
        case null
        case array([Reply])
    }

    public init(_ endpoint: RedisEndpoint, timeoutSeconds: Int = 2) throws {
        let timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        guard let context = redisConnectWithTimeout(endpoint.host, endpoint.port, timeout) else {
            throw RedisError.connection("cannot allocate a connection")
        }
        if context.pointee.err != 0 {
            let message = Self.errorText(context)
            redisFree(context)
            throw RedisError.connection(message)
        }
        redisSetTimeout(context, timeout)
        self.context = context
        if let password = endpoint.password { try command(["AUTH", password]) }
        if endpoint.database != 0 { try command(["SELECT", String(endpoint.database)]) }
    }

    deinit { redisFree(context) }

    /// Sends one command (binary-safe argv form) and returns its reply; a Redis error reply throws.
    @discardableResult
    public func command(_ arguments: [String]) throws -> Reply {
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var argv: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        var lengths: [Int] = arguments.map { $0.utf8.count }
        guard let raw = redisCommandArgv(context, Int32(arguments.count), &argv, &lengths) else {
            throw RedisError.connection(Self.errorText(context))
        }
        defer { freeReplyObject(raw) }
        return try Self.convert(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    private static func convert(_ reply: redisReply) throws -> Reply {
        switch Int32(reply.type) {
        case REDIS_REPLY_STRING, REDIS_REPLY_STATUS:
            return .string(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: Int(reply.len)), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(reply.integer)
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ARRAY:
            return .array(try (0..<Int(reply.elements)).map { try convert(reply.element[$0]!.pointee) })
        case REDIS_REPLY_ERROR:
            throw RedisError.reply(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: Int(reply.len)), as: UTF8.self))
        default:
            return .null
        }
    }

    // `char errstr[128]` arrives as a 128-element tuple.
    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in String(cString: raw.bindMemory(to: CChar.self).baseAddress!) }
    }

    /// Opens a connection on a thread-pool thread, runs `body`, closes it.
    public static func run<T: Sendable>(_ endpoint: RedisEndpoint, _ body: @escaping @Sendable (RedisConnection) throws -> T) async throws
        -> T
    {
        try await NIOThreadPool.singleton.runIfActive {
            let connection = try RedisConnection(endpoint)
            return try body(connection)
        }
    }

    /// True when the server answers PING.
    public static func ping(_ endpoint: RedisEndpoint) async -> Bool {
        (try? await run(endpoint) { try $0.command(["PING"]) }) == .string("PONG")
    }
}

public enum RedisError: Error, CustomStringConvertible {
    case connection(String)
    case reply(String)

    public var description: String {
        switch self {
        case .connection(let message): "redis connection: \(message)"
        case .reply(let message): "redis: \(message)"
        }
    }
}
