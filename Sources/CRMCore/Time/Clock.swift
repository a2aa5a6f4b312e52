import Foundation
import Synchronization

/// Where "now" comes from. Domain code takes it from the request context (or a service's
/// dependencies) and never calls `Date()` itself, so tests can fix and move time.
public protocol AppClock: Sendable {
    func now() -> Date
}

/// Real time.
public struct SystemClock: AppClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move; for tests and simulations.
public final class FixedClock: AppClock {
    private let current: Mutex<Date>

    public init(_ date: Date) { current = Mutex(date) }

    public func now() -> Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
