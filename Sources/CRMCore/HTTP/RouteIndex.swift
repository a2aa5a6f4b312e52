import HTTPTypes
import Hummingbird
import Synchronization

/// The registered routes, filled once the router is complete. The error middleware asks it
/// whether a path that matched no route exists under another method, to answer 405 with `Allow`
/// instead of 404.
public final class RouteIndex: Sendable {
    private let routes: Mutex<[(method: HTTPRequest.Method, path: RouterPath)]> = Mutex([])

    public init() {}

    public func register(_ entries: [(method: HTTPRequest.Method, path: RouterPath)]) {
        routes.withLock { $0 = entries }
    }

    /// Methods registered for `path`, sorted; empty when no route matches it at all.
    public func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.withLock { routes in
            routes.filter { Self.matches($0.path.components, segments[...]) }.map(\.method)
        }
        return Set(methods).sorted { $0.rawValue < $1.rawValue }
    }

    static func matches(_ pattern: [RouterPath.Element], _ segments: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return segments.isEmpty }
        if head.description == "**" { return true }
        guard let segment = segments.first, head ~= segment else { return false }
        return matches(Array(pattern.dropFirst()), segments.dropFirst())
    }
}
