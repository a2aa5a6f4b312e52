import CRMCore
import Foundation
import SQLKit
import Tenancy
import Catalog

extension AvailabilityInvalidator {
    /// Whether the record created its entity or changed one of `fields` (compared snapshots).
    static func changes(_ record: MutationRecord, any fields: Set<String>) -> Bool {
        guard let before = record.before?.objectValue, let after = record.after?.objectValue else { return true }
        return fields.contains { before[$0] != after[$0] }
    }

    /// `(staff, startsAt, holdsUntil)` of every appointment snapshot, and of a reschedule's
    /// `previous*` payload fields.
    static func holds(in objects: [[String: JSONValue]]) -> [(StaffID, Date, Date)] {
        var holds: [(StaffID, Date, Date)] = []
        for object in objects {
            for prefix in ["", "previous"] {
                func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + name.prefix(1).uppercased() + name.dropFirst() }
                guard let staff = object.id(key("staffId")).map(StaffID.init), let start = object.instant(key("startsAt")),
                    let end = object.instant(key("holdsUntil"))
                else { continue }
                holds.append((staff, start, end))
            }
        }
        return holds
    }

    /// The local dates that `[start, end)` touches in `zone`.
    static func dates(from start: Date, to end: Date, in zone: TimeZone) -> [LocalDate] {
        let first = TenantTime.localDate(of: start, in: zone)
        let last = TenantTime.localDate(of: max(start, end.addingTimeInterval(-1)), in: zone)
        var dates = [first]
        while let date = dates.last, date < last, dates.count < 3 { dates.append(date.adding(days: 1)) }
        return dates
    }

    func zone(of tenant: TenantID) async throws -> TimeZone {
        guard let timezone = try await TenantRecords.timezone(of: tenant, on: database.sql), let zone = TenantTime.zone(named: timezone) else {
            throw AppError.notFound()
        }
        return zone
    }

    /// Staff members (any state) whose location is one of `locations`.
    func staff(tenant: TenantID, at locations: [UUID]) async throws -> [StaffID] {
        try await CatalogDirectory(sql: database.sql, tenantId: tenant).staffIds(at: locations)
    }

    /// Staff members linked to `service`.
    func staff(tenant: TenantID, performing service: UUID) async throws -> [StaffID] {
        try await CatalogDirectory(sql: database.sql, tenantId: tenant).staffIds(performing: service)
    }
}

extension JSONValue {
    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }
}

extension [String: JSONValue] {
    func id(_ key: String) -> UUID? {
        guard case .string(let text)? = self[key] else { return nil }
        return UUID(uuidString: text)
    }

    func instant(_ key: String) -> Date? {
        guard case .string(let text)? = self[key] else { return nil }
        return try? TenantTime.parseISO(text, in: TimeZone(identifier: "UTC")!)
    }

    var date: LocalDate? {
        guard case .string(let text)? = self["date"] else { return nil }
        return LocalDate(iso: text)
    }
}
