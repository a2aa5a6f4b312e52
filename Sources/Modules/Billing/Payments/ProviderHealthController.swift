import CRMCore
import Foundation
import Hummingbird
import SQLKit
import Tenancy

/// `GET /system/providers` (owners: `integrations.manage`): how the studio's providers — payments
/// (YooKassa, Stripe) and messaging (SMS Aero, SMSC, Mailgun, SMTP, Telegram) — answered over the
/// last hour: calls, failures, success rate, p50/p95 latency, the last failure, from the call log
/// every provider call writes. Every known provider is listed, with zero calls when unused.
public struct ProviderHealthController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func addRoutes(to routes: TenantRoutes) {
        routes.get("system/providers", .needs(.integrationsManage), use: health)
    }

    struct ProviderHealth: Encodable, Sendable {
        let provider: String
        let calls: Int
        let failures: Int
        /// Share of calls the provider answered (a declined card is an answer); null without calls.
        let successRate: Double?
        let latencyP50Ms: Int?
        let latencyP95Ms: Int?
        let lastCallAt: Date?
        let lastFailureAt: Date?
        let lastFailureKind: String?
    }

    struct HealthDTO: ResponseEncodable, Sendable {
        let windowMinutes: Int
        let providers: [ProviderHealth]
    }

    struct Row: Decodable {
        let provider: String
        let ok: Bool
        let errorKind: String?
        let latencyMs: Int
        let calledAt: Date
    }

    @Sendable func health(_ request: Request, context: TenantRequestContext) async throws -> HealthDTO {
        let since = context.clock.now().addingTimeInterval(-3600)
        let rows = try await database.sql.raw(
            """
            SELECT provider, ok, error_kind, latency_ms, called_at FROM provider_calls
            WHERE tenant_id = \(bind: context.tenantId) AND called_at >= \(bind: since)
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let grouped = Dictionary(grouping: rows, by: \.provider)
        let names = Self.known.union(grouped.keys).sorted()
        return HealthDTO(windowMinutes: 60, providers: names.map { Self.summary($0, grouped[$0] ?? []) })
    }

    static let known: Set<String> = Set(PaymentProviderKind.allCases.map(\.rawValue)).union(["smsaero", "smsc", "mailgun", "smtp", "telegram"])

    static func summary(_ provider: String, _ rows: [Row]) -> ProviderHealth {
        let latencies = rows.map(\.latencyMs).sorted()
        let failures = rows.filter { !$0.ok }
        let lastFailure = failures.max { $0.calledAt < $1.calledAt }
        return ProviderHealth(
            provider: provider, calls: rows.count, failures: failures.count,
            successRate: rows.isEmpty ? nil : Double(rows.count - failures.count) / Double(rows.count),
            latencyP50Ms: percentile(latencies, 50), latencyP95Ms: percentile(latencies, 95), lastCallAt: rows.map(\.calledAt).max(),
            lastFailureAt: lastFailure?.calledAt, lastFailureKind: lastFailure?.errorKind)
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int], _ p: Int) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((Double(p) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
