import Foundation
import Logging
import Synchronization

/// One worker: claims a job, runs its handler within the queue's timeout, writes the outcome,
/// repeats; sleeps briefly when nothing is due. Several run concurrently (`JobWorkers`).
public struct JobWorker: Sendable {
    public let name: String
    let store: JobStore
    let handlers: JobHandlers
    let clock: any AppClock
    let logger: Logger

    public init(name: String, store: JobStore, handlers: JobHandlers, clock: any AppClock, logger: Logger) {
        self.name = name
        self.store = store
        self.handlers = handlers
        self.clock = clock
        self.logger = logger
    }

    /// Claims and runs at most one job; answers it (as claimed) or nil when nothing was due.
    @discardableResult
    public func runOnce() async throws -> Job? {
        guard let job = try await store.claim(worker: name, now: clock.now()) else { return nil }
        await execute(job)
        return job
    }

    /// Runs jobs until the task is cancelled.
    public func run(idle: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            do {
                if try await runOnce() == nil { try await Task.sleep(for: idle) }
            } catch is CancellationError {
                return
            } catch {
                logger.error("job worker: claim failed", metadata: ["worker": "\(name)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func execute(_ job: Job) async {
        let outcome: Result<Void, any Error>
        if let handler = handlers.handler(for: job.kind) {
            let context = JobContext(job: job, database: store.database, clock: clock, logger: logger)
            outcome = await Self.attempt(handler, context, timeout: job.queue.policy.timeout)
        } else {
            outcome = .failure(PermanentJobFailure("no handler for job kind '\(job.kind)'"))
        }
        do {
            switch outcome {
            case .success:
                try await store.complete(job, worker: name, now: clock.now())
            case .failure(let error):
                logger.warning(
                    "job attempt failed", metadata: ["job": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempts)", "error": "\(error)"])
                try await store.fail(job, worker: name, error: "\(error)", permanent: error is PermanentJobFailure, now: clock.now())
            }
        } catch {
            // The lease will expire and the job will be claimed again: nothing is lost.
            logger.error("job outcome not written", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }

    /// Runs `handler`; when `timeout` seconds pass first, answers a timeout at once and cancels
    /// the handler without waiting for it (a handler stuck in a blocking call must not hold the
    /// worker; its late outcome is never written).
    static func attempt(_ handler: @escaping JobHandler, _ context: JobContext, timeout: TimeInterval) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let first = FirstOutcome(continuation)
            let work = Task {
                do {
                    try await handler(context)
                    first.resume(.success(()))
                } catch {
                    first.resume(.failure(error))
                }
            }
            let timer = Task {
                try await Task.sleep(for: .seconds(timeout))
                work.cancel()
                first.resume(.failure(JobTimeout(seconds: timeout)))
            }
            first.onResume { timer.cancel() }
        }
    }
}

/// Resumes a continuation with whichever outcome arrives first.
private final class FirstOutcome: Sendable {
    private let state: Mutex<(continuation: CheckedContinuation<Result<Void, any Error>, Never>?, onResume: (@Sendable () -> Void)?)>

    init(_ continuation: CheckedContinuation<Result<Void, any Error>, Never>) {
        state = Mutex((continuation, nil))
    }

    func resume(_ result: Result<Void, any Error>) {
        let (continuation, action) = state.withLock { state in
            defer { state = (nil, nil) }
            return (state.continuation, state.onResume)
        }
        action?()
        continuation?.resume(returning: result)
    }

    /// Runs `action` when the outcome is known (now, if it already is).
    func onResume(_ action: @escaping @Sendable () -> Void) {
        let resumed = state.withLock { state in
            if state.continuation == nil { return true }
            state.onResume = action
            return false
        }
        if resumed { action() }
    }
}

/// An attempt that ran longer than its queue allows.
public struct JobTimeout: Error, CustomStringConvertible {
    public let seconds: TimeInterval
    public var description: String { "timed out after \(Int(seconds)) s" }
}
