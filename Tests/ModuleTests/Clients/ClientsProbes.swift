import CRMCore
import Foundation
import HummingbirdTesting
import SQLKit
import TestSupport

extension CrossTenantProbes {
    /// A's client, with a consent, is invisible and untouchable for B.
    static let clients = CrossTenantProbe(
        name: "clients",
        fixture: { world, app in
            let client = UUID()
            let consent = UUID()
            let sql = app.database.sql
            try await sql.raw(
                """
                INSERT INTO clients (tenant_id, id, name, name_key, phone, email, email_key, loyalty_level, last_visit_key, created_by,
                                     created_at, updated_at)
                VALUES (\(bind: world.tenant.id), \(bind: client), 'Probe Client', 'probe client', '+447700900123', 'probe@a.test',
                        'probe@a.test', 'none', \(bind: Date(timeIntervalSince1970: 0)), \(bind: world.owner.id), \(bind: testNow), \(bind: testNow))
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO client_consents (tenant_id, id, client_id, kind, granted, source, created_at)
                VALUES (\(bind: world.tenant.id), \(bind: consent), \(bind: client), 'marketing_sms', \(bind: true), 'paper', \(bind: testNow))
                """
            ).run()
            return ["id": client.uuidString.lowercased(), "consentId": consent.uuidString.lowercased()]
        },
        routes: [
            .init(.get, "/api/v1/clients/{id}"),
            .init(.patch, "/api/v1/clients/{id}", json: #"{"name":"Taken Over"}"#),
            .init(.post, "/api/v1/clients/{id}/archive"),
            .init(.post, "/api/v1/clients/{id}/restore"),
            .init(.post, "/api/v1/clients/{id}/notes", json: #"{"body":"B was here"}"#),
            .init(.get, "/api/v1/clients/{id}/consents"),
            .init(.post, "/api/v1/clients/{id}/consents", json: #"{"kind":"photo_usage","source":"paper"}"#),
            .init(.post, "/api/v1/clients/{id}/consents/{consentId}/revoke"),
            .init(.get, "/api/v1/clients/{id}/history"),
        ],
        lists: [
            .init(path: "/api/v1/clients") { try $0.decoded(ClientPage.self).items.map(\.id) },
            .init(path: "/api/v1/clients?q=probe") { try $0.decoded(ClientPage.self).items.map(\.id) },
            .init(path: "/api/v1/clients?q=07700900123") { try $0.decoded(ClientPage.self).items.map(\.id) },
        ],
        intact: { world, app, parameters in
            let row = try await app.database.sql.raw(
                """
                SELECT name, archived_at, (SELECT COUNT(*) FROM client_notes n WHERE n.client_id = c.id) AS notes,
                       (SELECT COUNT(*) FROM client_consents k WHERE k.client_id = c.id AND k.revoked_at IS NULL) AS consents
                FROM clients c WHERE c.tenant_id = \(bind: world.tenant.id) AND c.id = \(bind: UUID(uuidString: parameters["id"] ?? ""))
                """
            ).first()
            return try row?.decode(column: "name", as: String.self) == "Probe Client" && row?.decode(column: "archived_at", as: Date?.self) == nil
                && row?.decode(column: "notes", as: Int.self) == 0 && row?.decode(column: "consents", as: Int.self) == 1
        })
}
