import Foundation

/// The three queues of SPEC §12 and their policies (issue 6 seed). `critical` is always drained
/// first, then `ops`, then `heavy`.
public enum JobQueueName: String, Sendable, CaseIterable, Codable {
    case critical
    case ops
    case heavy

    /// Claim order: lower first.
    public var priority: Int {
        switch self {
        case .critical: 0
        case .ops: 1
        case .heavy: 2
        }
    }

    public var policy: JobPolicy {
        switch self {
        case .critical: JobPolicy(timeout: 30, maxAttempts: 3, backoff: [1, 2, 4])
        case .ops: JobPolicy(timeout: 60, maxAttempts: 5, backoff: [5, 10, 20, 40, 80])
        case .heavy: JobPolicy(timeout: 300, maxAttempts: 2, backoff: [60, 120])
        }
    }
}

/// How long one attempt may run (its lease), how many attempts a job gets, and the wait in
/// seconds before attempt n + 1 after attempt n failed (`backoff[n - 1]`, the last repeated).
public struct JobPolicy: Sendable, Equatable {
    public let timeout: TimeInterval
    public let maxAttempts: Int
    public let backoff: [TimeInterval]

    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        guard let last = backoff.last else { return 0 }
        return attempt >= 1 && attempt <= backoff.count ? backoff[attempt - 1] : last
    }
}
