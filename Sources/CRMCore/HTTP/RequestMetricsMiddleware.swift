import Foundation
import Hummingbird

/// Records request counts and latency by route pattern, method and final status. Sits outside
/// the error middleware so error responses are counted with their real status.
public struct RequestMetricsMiddleware<Context: AppContext>: RouterMiddleware {
    let metrics: AppMetrics

    public init(metrics: AppMetrics) { self.metrics = metrics }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let nanoseconds = UInt64(max(0, elapsed.components.seconds)) * 1_000_000_000 + UInt64(max(0, elapsed.components.attoseconds / 1_000_000_000))
        // Unmatched paths share one label so scanners cannot grow the metric set; the router
        // records "NotFound" as the endpoint of a request no route matched.
        let route: String =
            switch context.endpointPath {
            case .some(let path) where path != "NotFound": path
            case _ where response.status == .notFound: "unmatched"
            default: "static"
            }
        metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code), nanoseconds: nanoseconds)
        return response
    }
}
