import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The API's rate limits (SPEC §14: `429 rate_limited` with `Retry-After`): per credential, a
/// budget of reads and one of writes a minute; per IP address, one for requests without
/// credentials and one for everything; online bookings (`POST /public/{slug}/book`) a stricter
/// budget per address an hour. Counted in fixed one-minute windows of the request's
/// clock, in process memory or in Redis (shared by every server process). Health, readiness,
/// metrics and providers' webhooks are not counted: monitoring and providers must always get
/// through. When the store cannot answer (Redis down), requests pass and the log says so: a rate
/// limit never takes the API down.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    let limits: RateLimits
    let store: any RateLimitStore
    let window: TimeInterval = 60

    public init(limits: RateLimits, store: any RateLimitStore) {
        self.limits = limits
        self.store = store
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !limits.isOff, path.hasPrefix("/api/v1/"), !Self.exempt(path) else { return try await next(request, context) }
        let now = context.clock.now()
        let address = context.remoteAddress ?? "local"
        var budgets: [(key: String, max: Int, window: TimeInterval)] = [("ip:\(address)", limits.perIP, window)]
        if let identity = context.identity {
            let credential =
                switch identity.credential {
                case .session(let id, _): "session:\(id)"
                case .accessToken(let id): "token:\(id)"
                }
            let read = request.method == .get || request.method == .head
            budgets.append(read ? ("\(credential):read", limits.reads, window) : ("\(credential):write", limits.writes, window))
        } else {
            budgets.append(("public:\(address)", limits.publicRequests, window))
        }
        if request.method == .post, Self.isBooking(path) { budgets.append(("book:\(address)", limits.bookingsPerHour, Self.bookingWindow)) }
        for budget in budgets where budget.max > 0 {
            let counted: (count: Int, resetsAt: Date)
            do {
                counted = try await store.hit(budget.key, window: budget.window, now: now)
            } catch {
                context.logger.warning("rate limit store failed; request let through", metadata: ["error": "\(error)"])
                continue
            }
            if counted.count > budget.max {
                throw AppError.tooManyRequests(retryAfterSeconds: Int(counted.resetsAt.timeIntervalSince(now).rounded(.up)))
            }
        }
        return try await next(request, context)
    }

    /// Online bookings have a budget of their own per address, counted by the hour.
    static let bookingWindow: TimeInterval = 3600

    /// `/api/v1/public/{slug}/book`.
    static func isBooking(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count == 5 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "public" && parts[4] == "book"
    }

    static func exempt(_ path: String) -> Bool {
        path == "/api/v1/health" || path.hasPrefix("/api/v1/health/") || path == "/api/v1/system/metrics" || path.contains("/webhook/")
            || path.contains("/webhooks/")
    }
}
