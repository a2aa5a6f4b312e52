import CRMCore
import Foundation
import SQLKit

/// The clients of one tenant; every statement is scoped by `tenantId`.
struct ClientsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID
    /// Bookings' side of a specialist's scope; lists filtered by `specialist` need it.
    var appointments: (any ClientAppointmentScope)? = nil

    func on(_ sql: any SQLDatabase) -> ClientsRepository { ClientsRepository(sql: sql, tenantId: tenantId, appointments: appointments) }

    /// Clients never visited sort before everyone by last visit: keyset columns must be NOT NULL.
    static let neverVisited = Date(timeIntervalSince1970: 0)

    static let columns = [
        "id", "name", "phone", "email", "birthday", "locale", "allergies", "preferences", "loyalty_level", "telegram_chat_id", "visits_count",
        "total_spent", "last_visit_at", "no_show_count", "late_cancel_count", "created_by", "archived_at", "created_at", "updated_at",
    ]

    struct Row: Decodable {
        let id: CustomerID
        let name: String
        let phone: String?
        let email: String?
        let birthday: String?
        let locale: String?
        let allergies: String?
        let preferences: String?
        let loyaltyLevel: String
        let telegramChatId: String?
        let visitsCount: Int
        let totalSpent: Int64
        let lastVisitAt: Date?
        let noShowCount: Int
        let lateCancelCount: Int
        let createdBy: UserID?
        let archivedAt: Date?
        let createdAt: Date
        let updatedAt: Date

        func customer(tags: [(tag: String, automatic: Bool)]) -> Customer {
            var customer = Customer(
                id: id, name: name, phone: phone, email: email, birthday: birthday.flatMap(LocalDate.init(iso:)),
                locale: locale.flatMap(AppLocale.init(rawValue:)), tags: tags.filter { !$0.automatic }.map(\.tag).sorted(),
                autoTags: tags.filter(\.automatic).map(\.tag).sorted(), allergies: allergies, preferences: preferences,
                loyaltyLevel: LoyaltyLevel(rawValue: loyaltyLevel) ?? .none, telegramChatId: telegramChatId, visitsCount: visitsCount,
                totalSpent: Money(minorUnits: totalSpent), lastVisitAt: lastVisitAt, createdBy: createdBy, archivedAt: archivedAt,
                createdAt: createdAt, updatedAt: updatedAt)
            customer.noShowCount = noShowCount
            customer.lateCancelCount = lateCancelCount
            return customer
        }
    }

    func find(_ id: CustomerID) async throws -> Customer? {
        guard
            let row = try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("clients")
                .where("tenant_id", .equal, SQLBind(tenantId)).where("id", .equal, SQLBind(id))
                .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { return nil }
        return row.customer(tags: try await tags(of: [id])[id] ?? [])
    }

    /// The tags of several clients in one query.
    func tags(of ids: [CustomerID]) async throws -> [CustomerID: [(tag: String, automatic: Bool)]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw(
            """
            SELECT client_id, tag, automatic FROM client_tags
            WHERE tenant_id = \(bind: tenantId) AND client_id IN \(SQLBind.group(ids))
            """
        ).all()
        var tags: [CustomerID: [(tag: String, automatic: Bool)]] = [:]
        for row in rows {
            let id = try row.decode(column: "client_id", as: CustomerID.self)
            tags[id, default: []].append((try row.decode(column: "tag", as: String.self), try row.decode(column: "automatic", as: Bool.self)))
        }
        return tags
    }

    func insert(_ client: Customer) async throws {
        try await sql.raw(
            """
            INSERT INTO clients (tenant_id, id, name, name_key, phone, email, email_key, birthday, locale, allergies, preferences,
                                 loyalty_level, telegram_chat_id, visits_count, total_spent, last_visit_at, last_visit_key, created_by,
                                 archived_at, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: client.id), \(bind: client.name), \(bind: Self.key(client.name)), \(bind: client.phone),
                    \(bind: client.email), \(bind: client.email.map(Self.key)), \(bind: client.birthday?.description),
                    \(bind: client.locale?.rawValue), \(bind: client.allergies), \(bind: client.preferences),
                    \(bind: client.loyaltyLevel.rawValue), \(bind: client.telegramChatId), \(bind: client.visitsCount),
                    \(bind: client.totalSpent.minorUnits), \(bind: client.lastVisitAt), \(bind: client.lastVisitAt ?? Self.neverVisited),
                    \(bind: client.createdBy), \(bind: client.archivedAt), \(bind: client.createdAt), \(bind: client.updatedAt))
            """
        ).run()
        try await replaceTags(of: client.id, with: client.tags, automatic: false, now: client.createdAt)
    }

    /// Writes the fields staff edit, the archive flag and the manual tags.
    func update(_ client: Customer) async throws {
        try await sql.raw(
            """
            UPDATE clients SET name = \(bind: client.name), name_key = \(bind: Self.key(client.name)), phone = \(bind: client.phone),
                   email = \(bind: client.email), email_key = \(bind: client.email.map(Self.key)),
                   birthday = \(bind: client.birthday?.description), locale = \(bind: client.locale?.rawValue),
                   allergies = \(bind: client.allergies), preferences = \(bind: client.preferences),
                   loyalty_level = \(bind: client.loyaltyLevel.rawValue), telegram_chat_id = \(bind: client.telegramChatId),
                   archived_at = \(bind: client.archivedAt), updated_at = \(bind: client.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: client.id)
            """
        ).run()
        try await replaceTags(of: client.id, with: client.tags, automatic: false, now: client.updatedAt)
    }

    /// Replaces one kind of tags (manual or automatic) and leaves the other kind alone.
    func replaceTags(of id: CustomerID, with tags: [String], automatic: Bool, now: Date) async throws {
        try await sql.raw(
            "DELETE FROM client_tags WHERE tenant_id = \(bind: tenantId) AND client_id = \(bind: id) AND automatic = \(bind: automatic)"
        ).run()
        for tag in tags {
            try await sql.raw(
                """
                INSERT INTO client_tags (tenant_id, client_id, tag, automatic, created_at)
                VALUES (\(bind: tenantId), \(bind: id), \(bind: tag), \(bind: automatic), \(bind: now))
                """
            ).run()
        }
    }

    /// Which of the client's unique values another client of this tenant already has.
    func takenFields(phone: String?, email: String?, except id: CustomerID?) async throws -> [String: String] {
        var fields: [String: String] = [:]
        let other: SQLQueryString = id.map { " AND id <> \(bind: $0)" } ?? ""
        if let phone,
            try await sql.raw("SELECT id FROM clients WHERE tenant_id = \(bind: tenantId) AND phone = \(bind: phone)" + other).first() != nil
        {
            fields["phone"] = "taken"
        }
        if let email,
            try await sql.raw("SELECT id FROM clients WHERE tenant_id = \(bind: tenantId) AND email_key = \(bind: Self.key(email))" + other)
                .first() != nil
        {
            fields["email"] = "taken"
        }
        return fields
    }

    /// Case-insensitive key of names and emails, folded in Swift so both engines (SQLite's
    /// `lower` knows only ASCII) compare Cyrillic the same way.
    static func key(_ text: String) -> String { text.lowercased() }
}
