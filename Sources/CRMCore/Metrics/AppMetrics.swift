import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The application's metrics: one Prometheus registry per application instance (no global
/// bootstrap, so tests can build many apps), fed through swift-metrics handlers.
public final class AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let cache: Mutex<[RequestKey: (counter: CoreMetrics.Counter, timer: CoreMetrics.Timer)]> = Mutex([:])

    struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latency buckets from 5 ms to 10 s: API calls sit in the low end, reports at the top.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// Counts one handled request and its latency under its route pattern (never the raw path,
    /// which would explode the label set with ids).
    public func recordRequest(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let key = RequestKey(route: route, method: method, status: status)
        let metrics = cache.withLock { cache in
            if let existing = cache[key] { return existing }
            let dimensions = [("route", route), ("method", method), ("status", String(status))]
            let created = (
                counter: CoreMetrics.Counter(label: "veloria_http_requests_total", dimensions: dimensions, factory: factory),
                timer: CoreMetrics.Timer(label: "veloria_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            )
            cache[key] = created
            return created
        }
        metrics.counter.increment()
        metrics.timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// The Prometheus text exposition of everything recorded.
    public func exposition() -> String { registry.emitToString() }
}
