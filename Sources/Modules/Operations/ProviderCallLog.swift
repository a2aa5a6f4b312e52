import CRMCore
import Foundation
import Logging
import Providers
import SQLKit

/// Every call to a provider — payments and messaging — timed and kept for a week: provider health
/// (success rate and latency over the last hour, `GET /system/providers`) is read from it.
/// Recording is best effort — a failed insert is logged and never fails the call.
public struct ProviderCallLog: Sendable {
    let database: Database
    let clock: any AppClock
    let logger: Logger

    public init(database: Database, clock: any AppClock, logger: Logger) {
        self.database = database
        self.clock = clock
        self.logger = logger
    }

    /// Runs `call` and records how it went. An answer that refuses this one payment or message
    /// (a declined card, a blocked recipient) shows the provider works, so it counts as a success
    /// for health; timeouts, connection failures, 5xx, rate limits and rejected credentials count
    /// as failures.
    public func measure<T: Sendable>(tenant: TenantID, provider: String, operation: String, _ call: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let result = try await call()
            await record(tenant: tenant, provider: provider, operation: operation, ok: true, errorKind: nil, since: started)
            return result
        } catch {
            let (answered, kind) = Self.classify(error)
            await record(tenant: tenant, provider: provider, operation: operation, ok: answered, errorKind: kind, since: started)
            throw error
        }
    }

    /// Whether the provider answered, and the failure's kind as the health view names it.
    static func classify(_ error: any Error) -> (answered: Bool, kind: String) {
        switch error {
        case let error as PaymentProviderError: (error.kind == .declined, error.kind.rawValue)
        case let error as MessageSendError:
            switch error.reason {
            case .badRecipient, .blocked, .insufficientBalance, .invalidRequest: (true, error.reason.kind.rawValue)
            case .authRejected: (false, "permanent")
            case .timeout, .connection, .providerUnavailable, .rateLimited: (false, "temporary")
            }
        default: (false, "transport")
        }
    }

    private func record(tenant: TenantID, provider: String, operation: String, ok: Bool, errorKind: String?, since started: ContinuousClock.Instant) async {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        do {
            try await ProviderCallsRepository(sql: database.sql).insert(
                tenant: tenant, provider: provider, operation: operation, ok: ok, errorKind: errorKind, latencyMs: milliseconds, at: clock.now())
        } catch {
            logger.warning("could not record a provider call", metadata: ["provider": "\(provider)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Rows older than a week go (the health view reads the last hour).
    public static func prune(before cutoff: Date, on sql: any SQLDatabase) async throws {
        try await ProviderCallsRepository(sql: sql).prune(before: cutoff)
    }
}
