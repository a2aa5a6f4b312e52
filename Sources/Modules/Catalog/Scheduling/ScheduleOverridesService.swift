import CRMCore
import Foundation
import Hummingbird
import Tenancy

/// Adds, lists and removes dated overrides of a staff member's or a location's hours. The
/// caller (the staff or locations service) has already found the owner in the tenant and
/// checked who may change it.
///
/// Same-date rule: one day off or custom hours per owner and date, nothing beside a day off,
/// any number of blocks (`409 override_conflict` naming the overrides in the way). Each write
/// emits `<owner>.override_added` / `<owner>.override_removed` on the owner's entity with the
/// date, so a day-grid cache drops exactly that day.
struct ScheduleOverridesService: Sendable {
    let database: Database

    func overrides(_ scope: TenantScope) -> ScheduleOverrideRepository {
        ScheduleOverrideRepository(sql: database.sql, tenantId: scope.tenantId)
    }

    static let listSpec = ListQuerySpec(
        filters: [
            "date": FilterSpec(.date, operators: [.eq, .gte, .lte]),
            "kind": FilterSpec(.enumeration(Set(ScheduleOverrideKind.allCases.map(\.rawValue)))),
        ])

    func list(_ owner: ScheduleOwner, query: ListQuery, scope: TenantScope) async throws -> Page<ScheduleOverrideDTO> {
        var filter = ScheduleOverrideRepository.Filter()
        for condition in query.filters {
            switch (condition.field, condition.op, condition.value) {
            case ("date", .eq, .date(let date)):
                filter.from = date
                filter.to = date
            case ("date", .gte, .date(let date)): filter.from = date
            case ("date", .lte, .date(let date)): filter.to = date
            case ("kind", _, .string(let kind)): filter.kind = ScheduleOverrideKind(rawValue: kind)
            default: break
            }
        }
        let page = try await overrides(scope).list(owner, filter, page: query.page)
        return Page(items: page.items.map(ScheduleOverrideDTO.init), nextCursor: page.nextCursor)
    }

    func add(_ input: ScheduleOverrideInput, to owner: ScheduleOwner, scope: TenantScope) async throws -> ScheduleOverride {
        let now = scope.clock.now()
        let draft = try ScheduleOverrideDraft.validate(
            date: input.date, kind: input.kind, intervals: input.intervals, reason: input.reason,
            today: TenantTime.localDate(of: now, in: scope.timeZone))
        let override = ScheduleOverride(
            id: .random(), owner: owner, date: draft.date, kind: draft.kind, intervals: draft.intervals, reason: draft.reason, createdAt: now)
        let (entityType, entityId) = Self.entity(owner)
        do {
            return try await database.mutate(by: scope.auditActor, at: now) { sql in
                let repository = overrides(scope).on(sql)
                try await repository.lock(owner)
                let sameDay = try await repository.on(owner, date: draft.date)
                if draft.conflicts(with: sameDay) { throw Self.conflict(draft, sameDay.filter { draft.conflicts(with: [$0]) }) }
                try await repository.insert(override)
                let record = MutationRecord(
                    action: "\(entityType).override_added", entityType: entityType, entityId: entityId, after: override.auditSnapshot)
                return (override, [record])
            }
        } catch let error where UniqueViolation.matches(error) {
            // A concurrent day off or custom hours for the same date won the race.
            throw Self.conflict(draft, try await overrides(scope).on(owner, date: draft.date).filter { draft.conflicts(with: [$0]) })
        }
    }

    func remove(_ id: ScheduleOverrideID, of owner: ScheduleOwner, scope: TenantScope) async throws {
        let now = scope.clock.now()
        let (entityType, entityId) = Self.entity(owner)
        try await database.mutate(by: scope.auditActor, at: now) { sql in
            let repository = overrides(scope).on(sql)
            guard let existing = try await repository.find(owner, id) else { throw AppError.notFound() }
            try await repository.delete(id)
            let record = MutationRecord(
                action: "\(entityType).override_removed", entityType: entityType, entityId: entityId, before: existing.auditSnapshot)
            return ((), [record])
        }
    }

    static func entity(_ owner: ScheduleOwner) -> (type: String, id: String) {
        switch owner {
        case .staff(let id): ("staff", id.description)
        case .location(let id): ("location", id.description)
        }
    }

    static func conflict(_ draft: ScheduleOverrideDraft, _ existing: [ScheduleOverride]) -> AppError {
        AppError.conflict(
            "override_conflict", fields: ["date": "taken"],
            details: [
                "date": .string(draft.date.description), "kind": .string(draft.kind.rawValue),
                "conflictsWith": .array(existing.map { .string($0.id.description) }),
            ])
    }
}

/// `POST .../overrides` body.
struct ScheduleOverrideInput: Decodable, Sendable {
    let date: String?
    let kind: String?
    let intervals: JSONValue?
    let reason: String?
}

/// An override as the API shows it.
struct ScheduleOverrideDTO: Encodable, Sendable {
    let id: ScheduleOverrideID
    let staffId: StaffID?
    let locationId: LocationID?
    let date: LocalDate
    let kind: ScheduleOverrideKind
    let intervals: JSONValue
    let reason: String?
    let createdAt: Date

    init(_ override: ScheduleOverride) {
        id = override.id
        switch override.owner {
        case .staff(let id):
            staffId = id
            locationId = nil
        case .location(let id):
            staffId = nil
            locationId = id
        }
        date = override.date
        kind = override.kind
        intervals = ScheduleIntervals.json(override.intervals)
        reason = override.reason
        createdAt = override.createdAt
    }
}

extension ScheduleOverrideDTO: ResponseEncodable {}
