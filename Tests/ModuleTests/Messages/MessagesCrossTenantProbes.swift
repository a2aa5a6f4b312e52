import CRMCore
import Foundation
import HummingbirdTesting
import Providers
import SQLKit
import Tenancy
import Testing
import TestSupport

@testable import Modules
@testable import Messaging

extension CrossTenantProbes {
    /// A's message to A's client: B can neither read nor list it; B cannot issue a Telegram
    /// link for A's client.
    static let messages = CrossTenantProbe(
        name: "messages",
        fixture: { world, app in
            let client = CustomerID.random()
            let now = app.clock.now()
            try await app.database.sql.raw(
                """
                INSERT INTO clients (tenant_id, id, name, name_key, phone, loyalty_level, last_visit_key, created_by, created_at, updated_at)
                VALUES (\(bind: world.tenant.id), \(bind: client), 'Probe Client', 'probe client', '+79991234567', 'none',
                        \(bind: Date(timeIntervalSince1970: 0)), \(bind: world.owner.id), \(bind: now), \(bind: now))
                """
            ).run()
            let message = Message(
                id: .random(), tenantId: world.tenant.id, clientId: client, appointmentId: nil, channel: .sms, direction: .outbound,
                kind: .transactional, recipient: "+79991234567", subject: nil, body: "A's secret text", templateKey: nil, templateValues: nil,
                status: .sent, provider: "smsc", providerMessageId: "1:+79991234567", cost: nil, costCurrency: nil, scheduledAt: now, sentAt: now,
                deliveredAt: nil, readAt: nil, failedAt: nil, error: nil, attempts: 1, fallbackFrom: nil, externalId: nil, createdBy: nil,
                createdAt: now, updatedAt: now)
            try await MessagesRepository(sql: app.database.sql, tenantId: world.tenant.id).insert(message)
            return ["id": message.id.description, "clientId": client.description]
        },
        routes: [
            .init(.get, "/api/v1/messages/{id}")
        ],
        lists: [
            .init(path: "/api/v1/messages") { try $0.decoded(MessagePage.self).items.map(\.id) },
            .init(path: "/api/v1/messages?filter[status]=sent") { try $0.decoded(MessagePage.self).items.map(\.id) },
        ],
        intact: { world, app, parameters in
            guard let id = MessageID(string: parameters["id"] ?? "") else { return false }
            let stored = try await MessagesRepository(sql: app.database.sql, tenantId: world.tenant.id).find(id)
            return stored?.body == "A's secret text" && stored?.status == .sent
        }
    )

    /// B cannot issue a Telegram link for A's client (and learns nothing of it).
    static let telegramLinks = CrossTenantProbe(
        name: "telegramLinks",
        fixture: { world, app in
            let parameters = try await messages.fixture(world, app)
            return ["id": parameters["clientId"] ?? ""]
        },
        routes: [.init(.post, "/api/v1/clients/{id}/telegram-link")],
        lists: [],
        intact: { world, app, parameters in
            let links = try await app.database.sql.raw("SELECT COUNT(*) AS n FROM telegram_link_tokens").first()?.decode(column: "n", as: Int.self)
            return links == 0
        }
    )
}
