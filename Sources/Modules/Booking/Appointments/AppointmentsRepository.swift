import CRMCore
import Foundation
import SQLKit
import Catalog

/// The appointments of one tenant; every statement is scoped by `tenantId`.
struct AppointmentsRepository: Sendable {
    let sql: any SQLDatabase
    let tenantId: TenantID

    func on(_ sql: any SQLDatabase) -> AppointmentsRepository { AppointmentsRepository(sql: sql, tenantId: tenantId) }

    static let columns = [
        "id", "client_id", "service_id", "staff_id", "location_id", "room_id", "starts_at", "ends_at", "duration_minutes", "break_minutes",
        "price_minor", "currency", "status", "status_reason", "deposit_amount_minor", "deposit_status", "payment_status",
        "cancellation_fee_minor", "source", "notes", "created_by", "created_at", "updated_at", "client_package_id", "discount_id",
        "discount_minor",
    ]

    struct Row: Decodable {
        let id: AppointmentID
        let clientId: CustomerID
        let serviceId: ServiceID
        let staffId: StaffID
        let locationId: LocationID
        let roomId: RoomID?
        let startsAt: Date
        let endsAt: Date
        let durationMinutes: Int
        let breakMinutes: Int
        let priceMinor: Int64
        let currency: String?
        let status: String
        let statusReason: String?
        let depositAmountMinor: Int64?
        let depositStatus: String
        let paymentStatus: String
        let cancellationFeeMinor: Int64?
        let source: String
        let notes: String?
        let createdBy: UserID?
        let createdAt: Date
        let updatedAt: Date
        let clientPackageId: ClientPackageID?
        let discountId: ClientDiscountID?
        let discountMinor: Int64?

        func appointment(tenantId: TenantID) throws -> Appointment {
            guard let status = AppointmentStatus(rawValue: status), let deposit = DepositStatus(rawValue: depositStatus),
                let payment = PaymentStatus(rawValue: paymentStatus), let source = AppointmentSource(rawValue: source)
            else { throw StoredAppointmentError(id: id) }
            return Appointment(
                id: id, tenantId: tenantId, clientId: clientId, serviceId: serviceId, staffId: staffId, locationId: locationId, roomId: roomId,
                startsAt: startsAt, endsAt: endsAt, durationMinutes: durationMinutes, breakMinutes: breakMinutes,
                price: Money(minorUnits: priceMinor), currency: currency, status: status, statusReason: statusReason,
                depositAmount: depositAmountMinor.map(Money.init(minorUnits:)), depositStatus: deposit, paymentStatus: payment,
                cancellationFee: cancellationFeeMinor.map(Money.init(minorUnits:)), source: source, notes: notes, createdBy: createdBy,
                createdAt: createdAt, updatedAt: updatedAt, clientPackageId: clientPackageId, discountId: discountId,
                discountAmount: discountMinor.map(Money.init(minorUnits:)))
        }
    }

    /// What `GET /appointments` narrows by.
    struct Filter: Sendable {
        /// Appointments overlapping `[from, to)`.
        var from: Date?
        var to: Date?
        var staffIds: [StaffID]?
        var clientId: CustomerID?
        var statuses: [AppointmentStatus]?
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Self.columns.map { SQLColumn($0) }).from("appointments").where("tenant_id", .equal, SQLBind(tenantId))
    }

    func find(_ id: AppointmentID) async throws -> Appointment? {
        try await select().where("id", .equal, SQLBind(id)).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?
            .appointment(tenantId: tenantId)
    }

    /// One page by start time, then id.
    func list(_ filter: Filter, page: PageRequest) async throws -> (items: [Appointment], nextCursor: String?) {
        let position = try Keyset.position(page.cursor, columns: 1)
        let select = select()
        if let from = filter.from { select.where("ends_at", .greaterThan, SQLBind(from)) }
        if let to = filter.to { select.where("starts_at", .lessThan, SQLBind(to)) }
        if let staff = filter.staffIds { select.where("staff_id", .in, SQLBind.group(staff)) }
        if let client = filter.clientId { select.where("client_id", .equal, SQLBind(client)) }
        if let statuses = filter.statuses { select.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        Keyset.apply(to: select, columns: [KeysetColumn("starts_at")], idColumn: "id", after: position, limit: page.limit)
        let rows = try await select.all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Keyset.page(rows, limit: page.limit) { KeysetPosition(values: [.time($0.startsAt)], id: $0.id.uuid) }
        return (try page.items.map { try $0.appointment(tenantId: tenantId) }, page.nextCursor)
    }

    /// A time-holding appointment (other than `excluding`) whose hold overlaps `[start, holdsUntil)`
    /// for `staffId`, or for `roomId` when given; the earliest such.
    func conflict(staffId: StaffID, roomId: RoomID?, start: Date, holdsUntil: Date, excluding: AppointmentID?) async throws -> Conflict? {
        var owner: SQLQueryString = "staff_id = \(bind: staffId)"
        if let roomId { owner = "(" + owner + " OR room_id = \(bind: roomId))" }
        var query: SQLQueryString =
            """
            SELECT staff_id, room_id, starts_at, ends_at, holds_until FROM appointments
            WHERE tenant_id = \(bind: tenantId) AND \(owner)
              AND status IN \(SQLBind.group(AppointmentStatus.holding.map(\.rawValue)))
              AND starts_at < \(bind: holdsUntil) AND holds_until > \(bind: start)
            """
        if let excluding { query = query + " AND id <> \(bind: excluding)" }
        query = query + " ORDER BY starts_at LIMIT 1"
        guard let row = try await sql.raw(query).first(decoding: ConflictRow.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        return Conflict(resource: row.staffId == staffId ? .staff : .room, startsAt: row.startsAt, endsAt: row.endsAt, holdsUntil: row.holdsUntil)
    }

    private struct ConflictRow: Decodable {
        let staffId: StaffID
        let roomId: RoomID?
        let startsAt: Date
        let endsAt: Date
        let holdsUntil: Date
    }

    func insert(_ appointment: Appointment) async throws {
        let a = appointment
        try await sql.raw(
            """
            INSERT INTO appointments (tenant_id, id, client_id, service_id, staff_id, location_id, room_id, starts_at, ends_at, holds_until,
                duration_minutes, break_minutes, price_minor, currency, status, status_reason, deposit_amount_minor, deposit_status,
                payment_status, cancellation_fee_minor, source, notes, created_by, created_at, updated_at, client_package_id, discount_id,
                discount_minor)
            VALUES (\(bind: tenantId), \(bind: a.id), \(bind: a.clientId), \(bind: a.serviceId), \(bind: a.staffId), \(bind: a.locationId),
                \(bind: a.roomId), \(bind: a.startsAt), \(bind: a.endsAt), \(bind: a.holdsUntil), \(bind: a.durationMinutes),
                \(bind: a.breakMinutes), \(bind: a.price.minorUnits), \(bind: a.currency), \(bind: a.status.rawValue), \(bind: a.statusReason),
                \(bind: a.depositAmount?.minorUnits), \(bind: a.depositStatus.rawValue), \(bind: a.paymentStatus.rawValue),
                \(bind: a.cancellationFee?.minorUnits), \(bind: a.source.rawValue), \(bind: a.notes), \(bind: a.createdBy),
                \(bind: a.createdAt), \(bind: a.updatedAt), \(bind: a.clientPackageId), \(bind: a.discountId), \(bind: a.discountAmount?.minorUnits))
            """
        ).run()
    }

    /// Writes every field that may change after booking.
    func update(_ appointment: Appointment) async throws {
        let a = appointment
        try await sql.raw(
            """
            UPDATE appointments SET staff_id = \(bind: a.staffId), location_id = \(bind: a.locationId), room_id = \(bind: a.roomId),
                starts_at = \(bind: a.startsAt), ends_at = \(bind: a.endsAt), holds_until = \(bind: a.holdsUntil),
                price_minor = \(bind: a.price.minorUnits), status = \(bind: a.status.rawValue), status_reason = \(bind: a.statusReason),
                deposit_amount_minor = \(bind: a.depositAmount?.minorUnits), deposit_status = \(bind: a.depositStatus.rawValue),
                payment_status = \(bind: a.paymentStatus.rawValue), cancellation_fee_minor = \(bind: a.cancellationFee?.minorUnits),
                notes = \(bind: a.notes), updated_at = \(bind: a.updatedAt)
            WHERE tenant_id = \(bind: tenantId) AND id = \(bind: a.id)
            """
        ).run()
    }

    /// Takes the row's write lock for the rest of the transaction (see `ServicesRepository.lock`).
    func lock(_ id: AppointmentID) async throws {
        try await sql.raw("UPDATE appointments SET status = status WHERE tenant_id = \(bind: tenantId) AND id = \(bind: id)").run()
    }
}

/// The time another appointment holds, as a conflict answer may show it: never whose it is.
struct Conflict: Sendable, Equatable {
    enum Resource: String, Sendable { case staff, room }
    let resource: Resource
    let startsAt: Date
    let endsAt: Date
    let holdsUntil: Date
}

/// A stored row with a status or source this code does not know: a bug or a hand edit (500).
struct StoredAppointmentError: Error, CustomStringConvertible {
    let id: AppointmentID
    var description: String { "appointment \(id) has an unknown stored status or source" }
}
