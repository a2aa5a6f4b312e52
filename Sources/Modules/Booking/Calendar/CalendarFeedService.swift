import CRMCore
import Foundation
import Plans
import SQLKit
import Tenancy
import Catalog

/// Per-staff calendar feeds (feature `calendar`): any calendar app subscribes to
/// `/api/v1/calendar/{staffId}.ics?token=…` and sees the staff member's appointments from 30
/// days back to the 60-day booking horizon. The secret is shown once when issued; rotating it
/// cuts off every old subscription.
public struct CalendarFeedService: Sendable {
    static let pastDays = 30
    static let futureDays = 60

    let database: Database
    let staff: StaffService
    let source: any CalendarFeedSource
    let publicBaseURL: String

    public init(database: Database, staff: StaffService, source: any CalendarFeedSource, publicBaseURL: String) {
        self.database = database
        self.staff = staff
        self.source = source
        self.publicBaseURL = publicBaseURL
    }

    var tokens: CalendarFeedTokensRepository { CalendarFeedTokensRepository(sql: database.sql) }

    /// The caller's own staff record, or anyone's with `settings.write` (as for overrides).
    func member(_ id: StaffID, scope: TenantScope) async throws -> StaffMember {
        let member = try await staff.member(id, scope)
        try StaffService.authorizeOverrides(of: member, scope: scope)
        return member
    }

    func status(of id: StaffID, scope: TenantScope) async throws -> Date? {
        let member = try await member(id, scope: scope)
        return try await tokens.issuedAt(tenant: scope.tenantId, staff: member.id)
    }

    /// A new secret and its subscription URL; the previous secret stops working.
    func rotate(_ id: StaffID, scope: TenantScope) async throws -> (url: String, issuedAt: Date) {
        let member = try await member(id, scope: scope)
        let now = scope.clock.now()
        let token = try await database.mutate(by: scope.auditActor, at: now) { sql in
            let token = try await CalendarFeedTokensRepository(sql: sql).rotate(tenant: scope.tenantId, staff: member.id, by: scope.userId, now: now)
            return (token, [MutationRecord(action: "staff.calendar_feed_issued", entityType: "staff", entityId: member.id.description)])
        }
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        return ("\(base)/api/v1/calendar/\(member.id).ics?token=\(token)", now)
    }

    func disable(_ id: StaffID, scope: TenantScope) async throws {
        let member = try await member(id, scope: scope)
        try await database.mutate(by: scope.auditActor, at: scope.clock.now()) { sql in
            guard try await CalendarFeedTokensRepository(sql: sql).disable(tenant: scope.tenantId, staff: member.id) else { return ((), []) }
            return ((), [MutationRecord(action: "staff.calendar_feed_disabled", entityType: "staff", entityId: member.id.description)])
        }
    }

    /// The feed, or nil (answered 404) for an unknown secret, a secret of another staff member,
    /// or a studio that is not active or whose plan lacks the calendar.
    func feed(staff id: StaffID, token: String, now: Date) async throws -> String? {
        guard let owner = try await tokens.owner(of: token), owner.staffId == id else { return nil }
        guard
            let studio = try await TenantRecords.feedStudio(owner.tenantId, on: database.sql),
            studio.status == TenantStatus.active.rawValue, let plan = Plan(rawValue: studio.plan),
            (try? PlanGate.check(.calendar, plan: plan)) != nil,
            let member = try await CatalogDirectory(sql: database.sql, tenantId: owner.tenantId).staffMember(id)
        else { return nil }
        let day: TimeInterval = 86_400
        let events = try await source.events(
            tenant: owner.tenantId, staff: id, from: now - Double(Self.pastDays) * day, to: now + Double(Self.futureDays) * day, on: database.sql)
        return ICalendar.feed(name: "\(member.name) — \(studio.name)", timezone: studio.timezone, events: events, generatedAt: now)
    }
}
