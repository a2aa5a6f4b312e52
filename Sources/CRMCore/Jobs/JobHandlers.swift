import Foundation
import Logging
import Synchronization

/// What a handler gets for one attempt of one job.
public struct JobContext: Sendable {
    public let job: Job
    public let database: Database
    public let clock: any AppClock
    public let logger: Logger

    public init(job: Job, database: Database, clock: any AppClock, logger: Logger) {
        self.job = job
        self.database = database
        self.clock = clock
        self.logger = logger
    }
}

/// Throw from a handler when retrying cannot help (bad payload, recipient gone): the job goes
/// straight to `dead`. Any other error is retried per the queue's policy.
public struct PermanentJobFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public typealias JobHandler = @Sendable (JobContext) async throws -> Void

/// The handler of each job kind (`outbox.publish`, `message.send`, …), registered at start.
public final class JobHandlers: Sendable {
    private let handlers = Mutex<[String: JobHandler]>([:])

    public init() {}

    public func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers.withLock { $0[kind] = handler }
    }

    public func handler(for kind: String) -> JobHandler? {
        handlers.withLock { $0[kind] }
    }

    public var kinds: [String] { handlers.withLock { $0.keys.sorted() } }
}
