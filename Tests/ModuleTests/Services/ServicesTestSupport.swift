import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

struct ServiceBody: Decodable, Sendable, Equatable {
    let id: String
    let category: String
    let name: String
    let description: String?
    let basePrice: String
    let cost: String?
    let durationMinutes: Int
    let breakMinutes: Int
    let onlineBookable: Bool
    let depositRule: JSONValue?
    let active: Bool
    let upsellServiceIds: [String]
    let createdAt: Date
    let updatedAt: Date
}

struct ServicePage: Decodable, Sendable {
    let items: [ServiceBody]
    let nextCursor: String?
}

struct ServicePackageBody: Decodable, Sendable, Equatable {
    struct Item: Decodable, Sendable, Equatable {
        let serviceId: String
        let count: Int
    }
    let id: String
    let name: String
    let items: [Item]
    let price: String
    let validityDays: Int
    let active: Bool
}

struct ServicePackagePage: Decodable, Sendable {
    let items: [ServicePackageBody]
    let nextCursor: String?
}

/// Services made through the API, as the tests need them.
enum ServiceFixtures {
    /// Creates a service through `POST /services`; `extra` is more JSON members (`"active":false`).
    static func create(
        _ client: any TestClientProtocol, token: String, name: String, category: String = "Hair", price: String = "1500.00",
        duration: Int = 60, extra: String = ""
    ) async throws -> ServiceBody {
        let more = extra.isEmpty ? "" : ",\(extra)"
        let response = try await client.call(
            .post, "/api/v1/services", as: .bearer(token),
            json: #"{"category":"\#(category)","name":"\#(name)","basePrice":"\#(price)","durationMinutes":\#(duration)\#(more)}"#)
        try #require(response.status == .created, "\(response.text)")
        return try response.decoded(ServiceBody.self)
    }

    /// Creates a package through `POST /service-packages` with one item per `(serviceId, count)`.
    static func package(
        _ client: any TestClientProtocol, token: String, name: String, items: [(String, Int)], price: String = "5000.00", validityDays: Int = 90
    ) async throws -> ServicePackageBody {
        let list = items.map { #"{"serviceId":"\#($0.0)","count":\#($0.1)}"# }.joined(separator: ",")
        let response = try await client.call(
            .post, "/api/v1/service-packages", as: .bearer(token),
            json: #"{"name":"\#(name)","items":[\#(list)],"price":"\#(price)","validityDays":\#(validityDays)}"#)
        try #require(response.status == .created, "\(response.text)")
        return try response.decoded(ServicePackageBody.self)
    }

    static func count(_ table: String, _ database: Database, _ tenant: TenantID) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE tenant_id = \(bind: tenant)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// `(type, entityId)` of the tenant's domain events, oldest first.
    static func events(_ database: Database, _ tenant: TenantID) async throws -> [(type: String, entityId: String)] {
        try await database.sql.raw("SELECT type, entity_id FROM domain_events WHERE tenant_id = \(bind: tenant) ORDER BY created_at, type")
            .all().map { (try $0.decode(column: "type", as: String.self), try $0.decode(column: "entity_id", as: String.self)) }
    }

    /// `(action, entityId)` of the tenant's audit entries.
    static func audits(_ database: Database, _ tenant: TenantID) async throws -> [(action: String, entityId: String)] {
        try await database.sql.raw("SELECT action, entity_id FROM audit_log WHERE tenant_id = \(bind: tenant) ORDER BY created_at")
            .all().map { (try $0.decode(column: "action", as: String.self), try $0.decode(column: "entity_id", as: String.self)) }
    }
}
