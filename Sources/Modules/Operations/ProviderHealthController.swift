import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// `GET /system/providers` (owners: `integrations.manage`): how the studio's providers — payments
/// (YooKassa, Stripe) and messaging (SMS Aero, SMSC, Mailgun, SMTP, Telegram) — answered over the
/// last hour: calls, failures, success rate, p50/p95 latency, the last failure, from the call log
/// every provider call writes. Every known provider is listed, with zero calls when unused.
public struct ProviderHealthController: Sendable {
    let database: Database
    /// Every provider the deployment knows (payments and messaging), listed even when unused.
    let known: Set<String>

    public init(database: Database, providers: Set<String>) {
        self.database = database
        self.known = providers
    }

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

    @Sendable func health(_ request: Request, context: TenantRequestContext) async throws -> HealthDTO {
        let since = context.clock.now().addingTimeInterval(-3600)
        let rows = try await ProviderCallsRepository(sql: database.sql).calls(tenant: context.tenantId, since: since)
        let grouped = Dictionary(grouping: rows, by: \.provider)
        let names = known.union(grouped.keys).sorted()
        return HealthDTO(windowMinutes: 60, providers: names.map { Self.summary($0, grouped[$0] ?? []) })
    }

    static func summary(_ provider: String, _ rows: [ProviderCallsRepository.Row]) -> ProviderHealth {
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
