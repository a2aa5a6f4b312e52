import CRMCore
import Foundation
import Hummingbird
import SQLKit
import Tenancy
import Settings

/// The automatic tags of SPEC §3 from visits, recency and spend, with the studio's thresholds.
enum AutoTagRules {
    struct Stats: Sendable {
        var visits: Int
        var spent: Money
        var lastVisitAt: Date?
        var createdAt: Date
    }

    static func tags(for stats: Stats, now: Date, settings: AutoTagSettings) -> [AutoTag] {
        let day: TimeInterval = 86_400
        var tags: [AutoTag] = []
        var lapsed = false
        if let last = stats.lastVisitAt {
            let idle = now.timeIntervalSince(last)
            if idle >= Double(settings.lostAfterDays) * day {
                tags.append(.lost)
                lapsed = true
            } else if idle >= Double(settings.atRiskAfterDays) * day {
                tags.append(.atRisk)
                lapsed = true
            }
        }
        if !lapsed, stats.visits <= 1, now.timeIntervalSince(stats.createdAt) < Double(settings.newWithinDays) * day { tags.append(.new) }
        if !lapsed, stats.visits >= settings.regularMinVisits { tags.append(.regular) }
        if stats.visits >= settings.vipMinVisits || (settings.vipMinSpend > .zero && stats.spent >= settings.vipMinSpend) { tags.append(.vip) }
        return tags
    }

    /// The loyalty level the visits earn; a client keeps a higher one already held (earned, or
    /// given by staff): levels are never lowered by a recompute.
    static func loyalty(visits: Int, held: LoyaltyLevel, settings: AutoTagSettings) -> LoyaltyLevel {
        let earned: LoyaltyLevel =
            visits >= settings.loyaltyPlatinumVisits ? .platinum
            : visits >= settings.loyaltyGoldVisits ? .gold : visits >= settings.loyaltySilverVisits ? .silver : .none
        return earned.rank > held.rank ? earned : held
    }
}

/// Recomputes every active client's automatic tags; each client whose tags change gets an
/// audit entry and a `client.autotags_changed` event (automation reacts to "became at_risk").
struct AutoTagsService: Sendable {
    let clients: ClientsService
    static let batchSize = 500

    struct Result: Encodable, ResponseEncodable {
        let clients: Int
        let changed: Int
    }

    func recompute(scope: TenantScope) async throws -> Result {
        let settings = try await clients.settings.read(AutoTagSettings.self, tenant: scope.tenant)
        let now = scope.clock.now()
        var seen = 0
        var changed = 0
        var cursor: String?
        repeat {
            let page = try await clients.clients(scope).list(
                ClientListFilter(), sort: .createdAt, descending: false, page: PageRequest(limit: Self.batchSize, cursor: cursor))
            seen += page.items.count
            let changes: [(Customer, [String], LoyaltyLevel)] = page.items.compactMap { client in
                let stats = AutoTagRules.Stats(
                    visits: client.visitsCount, spent: client.totalSpent, lastVisitAt: client.lastVisitAt, createdAt: client.createdAt)
                let tags = AutoTagRules.tags(for: stats, now: now, settings: settings).map(\.rawValue).sorted()
                let level = AutoTagRules.loyalty(visits: client.visitsCount, held: client.loyaltyLevel, settings: settings)
                return tags == client.autoTags && level == client.loyaltyLevel ? nil : (client, tags, level)
            }
            if !changes.isEmpty {
                try await clients.database.mutate(by: scope.auditActor, at: now) { sql in
                    let repository = clients.clients(scope).on(sql)
                    var records: [MutationRecord] = []
                    for (client, tags, level) in changes {
                        if tags != client.autoTags {
                            try await repository.replaceTags(of: client.id, with: tags, automatic: true, now: now)
                            records.append(
                                MutationRecord(
                                    action: "client.autotags_changed", entityType: "client", entityId: client.id.description,
                                    before: .object(["autoTags": .array(client.autoTags.map(JSONValue.string))]),
                                    after: .object(["autoTags": .array(tags.map(JSONValue.string))])))
                        }
                        if level != client.loyaltyLevel {
                            try await repository.setLoyalty(client.id, level, now: now)
                            records.append(
                                MutationRecord(
                                    action: "client.loyalty_changed", entityType: "client", entityId: client.id.description,
                                    before: .object(["loyaltyLevel": .string(client.loyaltyLevel.rawValue)]),
                                    after: .object(["loyaltyLevel": .string(level.rawValue)])))
                        }
                    }
                    return ((), records)
                }
            }
            changed += changes.count
            cursor = page.nextCursor
        } while cursor != nil
        return Result(clients: seen, changed: changed)
    }
}
