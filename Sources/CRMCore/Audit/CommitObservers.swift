import Foundation
import Synchronization

/// One mutation record of a committed transaction, with the tenant whose actor wrote it.
public struct CommittedMutation: Sendable {
    public let tenantId: TenantID
    public let record: MutationRecord

    public init(tenantId: TenantID, record: MutationRecord) {
        self.tenantId = tenantId
        self.record = record
    }
}

/// Told, after a transaction has committed, every mutation record it wrote (in order). Used by
/// in-process caches that must drop what a write changed (the slot engine's day grids): the
/// observer runs before the request that wrote answers, and never for a rolled-back transaction.
public protocol CommitObserver: Sendable {
    func committed(_ mutations: [CommittedMutation]) async
}

/// The records written inside one outermost transaction, handed to observers after `COMMIT`.
final class CommitLog: Sendable {
    private let records = Mutex<[CommittedMutation]>([])

    func append(_ mutation: CommittedMutation) { records.withLock { $0.append(mutation) } }

    func drain() -> [CommittedMutation] {
        records.withLock { records in
            defer { records = [] }; return records
        }
    }
}

/// The registered observers of one `Database`.
final class CommitObservers: Sendable {
    private let observers = Mutex<[any CommitObserver]>([])

    func add(_ observer: any CommitObserver) { observers.withLock { $0.append(observer) } }

    func notify(_ mutations: [CommittedMutation]) async {
        guard !mutations.isEmpty else { return }
        for observer in observers.withLock({ $0 }) { await observer.committed(mutations) }
    }
}
