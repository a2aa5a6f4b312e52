import CRMCore
import Foundation
import SQLKit

/// Reading one client by id for work that runs outside a signed-in user's request (reminders,
/// message fallbacks, Telegram intake): no record scope applies there, only the tenant.
public struct ClientDirectory: Sendable {
    let sql: any SQLDatabase

    /// `sql`: the pool, or the caller's transaction.
    public init(sql: any SQLDatabase) {
        self.sql = sql
    }

    public func client(_ id: CustomerID, tenant: TenantID) async throws -> Customer? {
        try await ClientsRepository(sql: sql, tenantId: tenant).find(id)
    }

    /// Whether the client's consent of `kind` is granted and not revoked (marketing needs it).
    public func hasConsent(_ kind: ConsentKind, client: CustomerID, tenant: TenantID) async throws -> Bool {
        try await ClientConsentsRepository().isGranted(kind, client: client, tenant: tenant, on: sql)
    }

    /// The client a Telegram chat is linked to (the oldest, should two share it).
    public func client(telegramChat chat: String, tenant: TenantID) async throws -> CustomerID? {
        try await ClientsRepository(sql: sql, tenantId: tenant).client(telegramChat: chat)
    }

    /// Links `chat` to `client` (a redeemed Telegram link), in the caller's transaction.
    public func linkTelegram(chat: String, to client: CustomerID, tenant: TenantID, now: Date) async throws {
        try await ClientsRepository(sql: sql, tenantId: tenant).linkTelegram(chat: chat, to: client, now: now)
    }
}
