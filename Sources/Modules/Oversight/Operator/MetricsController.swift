import CRMCore
import Crypto
import Foundation
import Hummingbird

/// Prometheus scrape endpoint. When a token is configured it must come as a Bearer token.
public struct MetricsController<Context: AppContext>: Sendable {
    let metrics: AppMetrics
    let token: String?

    public init(metrics: AppMetrics, token: String?) {
        self.metrics = metrics
        self.token = token
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("system/metrics", use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: Context) async throws -> Response {
        if let token {
            let presented = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
            // Compare digests so the comparison time does not depend on how much of the token matched.
            guard SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(token.utf8)) else {
                throw AppError.unauthorized()
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
}
