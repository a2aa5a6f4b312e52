import Foundation

/// `queued` waits for its first run; `running` is leased to a worker until `locked_until`;
/// `failed` waits for a retry at `run_at`; `done` and `dead` (retries exhausted, or a permanent
/// failure) are final until an owner retries a dead job.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case done
    case failed
    case dead
}

/// A job to put on a queue (see `Jobs.enqueue`).
public struct NewJob: Sendable {
    public var kind: String
    public var queue: JobQueueName
    public var payload: JSONValue
    public var tenantId: TenantID?
    /// When it may run first (now when nil).
    public var runAt: Date?
    /// At most one job ever carries a given key (a second enqueue with it is ignored): the
    /// scheduler's "exactly once per period", idempotent follow-ups.
    public var uniqueKey: String?

    public init(
        kind: String, queue: JobQueueName, payload: JSONValue = .object([:]), tenantId: TenantID? = nil, runAt: Date? = nil,
        uniqueKey: String? = nil
    ) {
        self.kind = kind
        self.queue = queue
        self.payload = payload
        self.tenantId = tenantId
        self.runAt = runAt
        self.uniqueKey = uniqueKey
    }
}

/// A row of `jobs`.
public struct Job: Sendable, Equatable {
    public let id: UUID
    public let queue: JobQueueName
    public let kind: String
    public let payload: JSONValue
    public let tenantId: TenantID?
    public let runAt: Date
    public let attempts: Int
    public let maxAttempts: Int
    public let status: JobStatus
    public let lockedBy: String?
    public let lockedUntil: Date?
    public let lastError: String?
    public let createdAt: Date
    public let updatedAt: Date
}
