import CRMCore
import Foundation
import SQLKit
import Tenancy

/// Consents of one tenant's clients; also their history source (`kind: consent`).
struct ClientConsentsRepository: ClientTimelineSource {
    static let kind = "consent"
    static let columns = ["id", "client_id", "kind", "granted", "source", "ip", "recorded_by", "created_at", "revoked_at", "revoked_by"]

    func insert(_ consent: ClientConsent, tenant: TenantID, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO client_consents (tenant_id, id, client_id, kind, granted, source, ip, recorded_by, created_at)
            VALUES (\(bind: tenant), \(bind: consent.id), \(bind: consent.clientId), \(bind: consent.kind.rawValue), \(bind: consent.granted),
                    \(bind: consent.source.rawValue), \(bind: consent.ip), \(bind: consent.recordedBy), \(bind: consent.createdAt))
            """
        ).run()
    }

    /// Every decision of the client, newest first.
    func all(of client: CustomerID, tenant: TenantID, on sql: any SQLDatabase) async throws -> [ClientConsent] {
        try await select(client, tenant, on: sql).orderBy("created_at", .descending).orderBy("id", .descending)
            .all(decoding: ClientConsent.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func find(_ id: ConsentID, of client: CustomerID, tenant: TenantID, on sql: any SQLDatabase) async throws -> ClientConsent? {
        try await select(client, tenant, on: sql).where("id", .equal, SQLBind(id))
            .first(decoding: ClientConsent.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Revokes only a consent still active, so two concurrent revokes record one.
    func revoke(_ id: ConsentID, tenant: TenantID, by user: UserID?, at now: Date, on sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw(
            """
            UPDATE client_consents SET revoked_at = \(bind: now), revoked_by = \(bind: user)
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id) AND granted = \(bind: true) AND revoked_at IS NULL
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Whether the client's latest decision on `kind` is a grant not revoked — what marketing
    /// messages check before sending.
    public func isGranted(_ kind: ConsentKind, client: CustomerID, tenant: TenantID, on sql: any SQLDatabase) async throws -> Bool {
        let latest = try await select(client, tenant, on: sql).where("kind", .equal, SQLBind(kind.rawValue))
            .orderBy("created_at", .descending).orderBy("id", .descending).limit(1)
            .first(decoding: ClientConsent.self, keyDecodingStrategy: .convertFromSnakeCase)
        return latest?.isActive ?? false
    }

    func entries(
        of client: CustomerID, tenant: TenantID, scope: RecordScope, after position: TimelinePosition?, limit: Int, on sql: any SQLDatabase
    ) async throws
        -> [TimelineEntry]
    {
        let select = select(client, tenant, on: sql)
        if let position { select.where(position.before(kind: Self.kind, time: "created_at", id: "id")) }
        let consents = try await select.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit)
            .all(decoding: ClientConsent.self, keyDecodingStrategy: .convertFromSnakeCase)
        return consents.map { TimelineEntry(kind: Self.kind, id: $0.id.description, at: $0.createdAt, data: $0.auditSnapshot) }
    }

    private func select(_ client: CustomerID, _ tenant: TenantID, on sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("client_consents")
            .where("tenant_id", .equal, SQLBind(tenant)).where("client_id", .equal, SQLBind(client))
    }
}
