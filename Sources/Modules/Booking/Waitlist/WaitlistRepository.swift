import CRMCore
import Foundation
import SQLKit

/// One tenant's waitlist entries; every statement is scoped by `tenantId`.
struct WaitlistRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    struct Row: Decodable {
        let id: WaitlistEntryID
        let clientId: CustomerID
        let serviceId: ServiceID
        let staffId: StaffID?
        let days: String
        let windows: String
        let notBefore: String?
        let expiresAt: Date?
        let priority: Int
        let channel: String?
        let notes: String?
        let status: String
        let appointmentId: AppointmentID?
        let createdBy: UserID?
        let createdAt: Date
        let updatedAt: Date

        var entry: WaitlistEntry? {
            guard let status = WaitlistEntry.Status(rawValue: status) else { return nil }
            let days = (try? JSONDecoder().decode([Int].self, from: Data(days.utf8))) ?? []
            let pairs = (try? JSONDecoder().decode([[Int]].self, from: Data(windows.utf8))) ?? []
            return WaitlistEntry(
                id: id, clientId: clientId, serviceId: serviceId, staffId: staffId, days: days,
                windows: pairs.compactMap { $0.count == 2 ? .init(start: $0[0], end: $0[1]) : nil }, notBefore: notBefore.flatMap(LocalDate.init(iso:)),
                expiresAt: expiresAt, priority: priority, channel: channel, notes: notes, status: status, appointmentId: appointmentId,
                createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    static let columns = """
        id, client_id, service_id, staff_id, days, windows, not_before, expires_at, priority, channel, notes, status, appointment_id, \
        created_by, created_at, updated_at
        """

    struct Filter: Sendable {
        var statuses: [WaitlistEntry.Status]?
        var clientId: CustomerID?
        var serviceId: ServiceID?
        /// A specialist's own entries only (those naming her staff record).
        var staffId: StaffID?
    }

    /// Oldest first (who waited longest comes first), keyset-paged.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [WaitlistEntry], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = sql.select().columns(Self.columns.split(separator: ",").map { SQLColumn($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
            .from("waitlist_entries").where("tenant_id", .equal, SQLBind(tenantId))
        if let statuses = filter.statuses { select.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        if let client = filter.clientId { select.where("client_id", .equal, SQLBind(client)) }
        if let service = filter.serviceId { select.where("service_id", .equal, SQLBind(service)) }
        if let staff = filter.staffId { select.where("staff_id", .equal, SQLBind(staff)) }
        Keyset.apply(to: select, columns: [KeysetColumn("created_at")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.createdAt)], id: $0.id.uuid) }
        return (page.items.compactMap(\.entry), page.nextCursor)
    }

    /// Every entry still waiting (active), oldest first: the candidates a free time is matched against.
    func waiting() async throws -> [WaitlistEntry] {
        try await sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM waitlist_entries
            WHERE tenant_id = \(bind: tenantId) AND status = 'active' ORDER BY created_at, id
            """
        ).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap(\.entry)
    }

    func find(_ id: WaitlistEntryID) async throws -> WaitlistEntry? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM waitlist_entries WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.entry
    }

    func insert(_ e: WaitlistEntry) async throws {
        let (days, windows) = try Self.encoded(e)
        try await sql.raw(
            """
            INSERT INTO waitlist_entries (tenant_id, id, client_id, service_id, staff_id, days, windows, not_before, expires_at, priority,
                channel, notes, status, appointment_id, created_by, created_at, updated_at)
            VALUES (\(bind: tenantId), \(bind: e.id), \(bind: e.clientId), \(bind: e.serviceId), \(bind: e.staffId), \(bind: days),
                \(bind: windows), \(bind: e.notBefore?.description), \(bind: e.expiresAt), \(bind: e.priority), \(bind: e.channel),
                \(bind: e.notes), \(bind: e.status.rawValue), \(bind: e.appointmentId), \(bind: e.createdBy), \(bind: e.createdAt),
                \(bind: e.updatedAt))
            """
        ).run()
    }

    /// Writes the editable fields and the status, only while the entry is still in `expected`
    /// (a concurrent booking or cancel wins once); false when it was not.
    func update(_ e: WaitlistEntry, expected: WaitlistEntry.Status) async throws -> Bool {
        let (days, windows) = try Self.encoded(e)
        return try await sql.raw(
            """
            UPDATE waitlist_entries SET service_id = \(bind: e.serviceId), staff_id = \(bind: e.staffId), days = \(bind: days),
                windows = \(bind: windows), not_before = \(bind: e.notBefore?.description), expires_at = \(bind: e.expiresAt),
                priority = \(bind: e.priority), channel = \(bind: e.channel), notes = \(bind: e.notes), status = \(bind: e.status.rawValue),
                appointment_id = \(bind: e.appointmentId), updated_at = \(bind: e.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: e.id) AND status = \(bind: expected.rawValue) RETURNING id
            """
        ).first() != nil
    }

    func hasDue(now: Date) async throws -> Bool {
        try await sql.raw(
            """
            SELECT id FROM waitlist_entries
            WHERE tenant_id = \(bind: tenantId) AND status = 'active' AND expires_at IS NOT NULL AND expires_at <= \(bind: now) LIMIT 1
            """
        ).first() != nil
    }

    /// Active entries past their expiry become `expired`; answers their ids (for the audit trail).
    func expire(now: Date) async throws -> [WaitlistEntryID] {
        struct Row: Decodable { let id: WaitlistEntryID }
        return try await sql.raw(
            """
            UPDATE waitlist_entries SET status = 'expired', updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantId) AND status = 'active' AND expires_at IS NOT NULL AND expires_at <= \(bind: now)
            RETURNING id
            """
        ).all(decoding: Row.self).map(\.id)
    }

    static func encoded(_ e: WaitlistEntry) throws -> (String, String) {
        let days = String(decoding: try JSONEncoder().encode(e.days), as: UTF8.self)
        let windows = String(decoding: try JSONEncoder().encode(e.windows.map { [$0.start, $0.end] }), as: UTF8.self)
        return (days, windows)
    }
}
