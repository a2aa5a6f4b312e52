import Foundation
import SQLKit

/// Housekeeping of the `jobs` table, itself a periodic job (`jobs.cleanup`).
public enum JobMaintenance {
    public static let cleanupKind = "jobs.cleanup"
    /// Finished jobs are kept this long (for the dead-letter view and debugging), then removed.
    public static let keepDone: TimeInterval = 7 * 86_400

    public static func register(in handlers: JobHandlers) {
        handlers.register(cleanupKind) { context in
            try await context.database.sql.raw(
                "DELETE FROM jobs WHERE status = 'done' AND updated_at < \(bind: context.clock.now().addingTimeInterval(-keepDone))"
            ).run()
        }
    }

    public static let periodic = PeriodicJob(kind: cleanupKind, queue: .heavy, every: 3600)
}
