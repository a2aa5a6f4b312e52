import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Tenancy
import Testing
import TestSupport

struct LocationBody: Decodable {
    let id: String
    let name: String
    let address: String?
    let phone: String?
    let schedule: [String: [[String]]]
    let active: Bool
    let isDefault: Bool
}

struct StaffMemberBody: Decodable {
    let id: String
    let name: String
    let userId: String?
    let color: String
    let active: Bool
    let locationId: String
    let schedule: [String: [[String]]]
    let serviceIds: [String]
}

struct RoomBody: Decodable {
    let id: String
    let name: String
    let locationId: String
    let active: Bool
    let serviceIds: [String]
}

struct OverrideBody: Decodable {
    let id: String
    let staffId: String?
    let locationId: String?
    let date: String
    let kind: String
    let intervals: [[String]]
    let reason: String?
}

struct SchedulingPage<Item: Decodable>: Decodable {
    let items: [Item]
    let nextCursor: String?
}

/// One outbox event as stored.
struct StoredEvent {
    let type: String
    let entityId: String
    let payload: JSONValue
}

func domainEvents(_ database: Database, _ tenant: TenantID) async throws -> [StoredEvent] {
    try await database.sql.raw(
        "SELECT type, entity_id, payload FROM domain_events WHERE tenant_id = \(bind: tenant) ORDER BY created_at"
    ).all().map { row in
        let payload = try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))
        return StoredEvent(
            type: try row.decode(column: "type", as: String.self), entityId: try row.decode(column: "entity_id", as: String.self), payload: payload)
    }
}

/// The events of `action` on `entityId`, provided each has its audit entry (they commit
/// together); empty otherwise. Tests run on a fixed clock, so order among them is not defined.
func auditedEvents(_ database: Database, _ tenant: TenantID, _ action: String, entityId: String) async throws -> [StoredEvent] {
    let audited = try await database.sql.raw(
        "SELECT id FROM audit_log WHERE tenant_id = \(bind: tenant) AND action = \(bind: action) AND entity_id = \(bind: entityId)"
    ).all()
    let events = try await domainEvents(database, tenant).filter { $0.type == action && $0.entityId == entityId }
    return audited.count == events.count ? events : []
}

/// The one event (with its audit entry) of `action` on `entityId`; nil unless there is exactly one.
func auditedWithEvent(_ database: Database, _ tenant: TenantID, _ action: String, entityId: String) async throws -> StoredEvent? {
    let events = try await auditedEvents(database, tenant, action, entityId: entityId)
    return events.count == 1 ? events[0] : nil
}

func rowCount(_ database: Database, _ table: String, _ tenant: TenantID) async throws -> Int {
    try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE tenant_id = \(bind: tenant)").first()?
        .decode(column: "n", as: Int.self) ?? 0
}

extension JSONValue {
    /// The value under `key` of an object.
    func at(_ key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }
}

struct SchedulingTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
