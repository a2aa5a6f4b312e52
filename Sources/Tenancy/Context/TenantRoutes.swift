import CRMCore
import HTTPTypes
import Hummingbird
import Synchronization

/// The only way tenant routes are registered: each with its `RoutePolicy`, checked before the
/// handler runs and recorded in a `RoutePolicyBook` (which the OpenAPI test reads).
public struct TenantRoutes: Sendable {
    let group: RouterGroup<TenantRequestContext>
    /// The group's path as clients see it (e.g. `/api/v1`), for the book.
    let prefix: String
    public let book: RoutePolicyBook

    public init(group: RouterGroup<TenantRequestContext>, prefix: String, book: RoutePolicyBook) {
        self.group = group
        self.prefix = prefix
        self.book = book
    }

    public func on(
        _ method: HTTPRequest.Method, _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        book.record(method: method, path: prefix + "/" + path, policy: policy)
        group.on(RouterPath(path), method: method) { request, context in
            try policy.check(context)
            return try await handler(request, context)
        }
    }

    public func get(
        _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        on(.get, path, policy, use: handler)
    }

    public func post(
        _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        on(.post, path, policy, use: handler)
    }

    public func put(
        _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        on(.put, path, policy, use: handler)
    }

    public func patch(
        _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        on(.patch, path, policy, use: handler)
    }

    public func delete(
        _ path: String, _ policy: RoutePolicy,
        use handler: @Sendable @escaping (Request, TenantRequestContext) async throws -> some ResponseGenerator
    ) {
        on(.delete, path, policy, use: handler)
    }
}

/// Every tenant route with its policy, as registered.
public final class RoutePolicyBook: Sendable {
    public struct Entry: Sendable, Equatable {
        public let method: HTTPRequest.Method
        /// Path with `{name}` captures, starting with `/`.
        public let path: String
        public let policy: RoutePolicy
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    func record(method: HTTPRequest.Method, path: String, policy: RoutePolicy) {
        entries.withLock { $0.append(Entry(method: method, path: path, policy: policy)) }
    }

    public var all: [Entry] { entries.withLock { $0 } }
}
