import CRMCore
import Foundation
import Operations

extension PaymentsService {
    /// The payment job kinds: submitting attempts, the notification deadline, refunds.
    public func register(in handlers: JobHandlers) {
        handlers.register(Self.startKind) { try await startJob($0) }
        handlers.register(Self.checkKind) { try await checkJob($0) }
        handlers.register(Self.refundKind) { try await refundJob($0) }
    }
}

/// Housekeeping of the payments tables, a periodic job: the provider call log keeps a week,
/// taken webhook events 30 days (longer than any provider redelivers).
public enum PaymentsMaintenance {
    public static let pruneKind = "payments.prune"
    public static let periodic = PeriodicJob(kind: pruneKind, queue: .heavy, every: 3600)

    public static func register(in handlers: JobHandlers) {
        handlers.register(pruneKind) { context in
            let now = context.clock.now()
            try await ProviderCallLog.prune(before: now.addingTimeInterval(-7 * 86_400), on: context.database.sql)
            try await PaymentsRepository.pruneWebhookEvents(before: now.addingTimeInterval(-30 * 86_400), on: context.database.sql)
        }
    }
}
