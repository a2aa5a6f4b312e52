import CRMCore
import Foundation

/// Counts attempts per scope (`account:…`, `ip:…`) over a sliding window and refuses with
/// `429` + `Retry-After` once a scope is full. Shared by sign-in and password-reset requests.
public struct AttemptLimiter: Sendable {
    let repository: AuthRepository
    public let window: TimeInterval

    public init(repository: AuthRepository, window: TimeInterval) {
        self.repository = repository
        self.window = window
    }

    /// Throws `429` when `scope` already holds `max` attempts inside the window.
    public func enforce(scope: String, max: Int, now: Date) async throws {
        let recent = try await repository.failures(scope: scope, since: now.addingTimeInterval(-window))
        guard recent.count >= max else { return }
        // Allowed again once enough attempts have aged out of the window.
        let reopensAt = recent[recent.count - max].addingTimeInterval(window)
        throw AppError.tooManyRequests(retryAfterSeconds: Swift.max(1, Int(reopensAt.timeIntervalSince(now).rounded(.up))))
    }

    public func record(scopes: [String], now: Date) async throws {
        try await repository.recordFailure(scopes: scopes, at: now)
    }

    public func clear(scope: String) async throws {
        try await repository.clearFailures(scope: scope)
    }
}
