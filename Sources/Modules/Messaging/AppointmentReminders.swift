import CRMCore
import Foundation
import Plans
import Providers
import SQLKit
import Tenancy
import Operations
import Settings
import Clients
import Booking

public enum ReminderEntity {}
public typealias ReminderID = TypedID<ReminderEntity>

/// Reminders before confirmed appointments (feature `messages.auto_reminders`): one per offset
/// of the notification settings (24 h and 3 h by default), each a row of
/// `appointment_reminders` and a `reminder.send` job at `start − offset`, written in the
/// transaction that confirms. A reschedule cancels them and plans new ones; any other status
/// change cancels them. A reminder already due at confirmation is recorded as `skipped`, never
/// sent late. When its time comes the job queues a message (template `appointment.reminder`)
/// on the first channel the client can receive; the message's fallback chain does the rest, and
/// a reminder that fails on every channel opens an exception for the operator.
///
/// Statuses: `scheduled → queued → delivered | failed`, or `skipped`, `cancelled`.
public struct AppointmentReminders: ReminderPlanner {
    let database: Database
    let settings: SettingsService
    let senders: any MessageSenderDirectory
    let catalog: MessageCatalog
    let publicBaseURL: String

    public init(database: Database, settings: SettingsService, senders: any MessageSenderDirectory, catalog: MessageCatalog, publicBaseURL: String) {
        self.database = database
        self.settings = settings
        self.senders = senders
        self.catalog = catalog
        self.publicBaseURL = publicBaseURL
    }

    static let jobKind = "reminder.send"

    // MARK: Planning (inside the appointment's transaction)

    /// Keeps the reminders in step with an appointment change: called by the appointments
    /// service in the transaction that writes `after`.
    public func appointmentChanged(before: Appointment, after: Appointment, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws {
        let wasPlanned = before.status == .confirmed
        let isPlanned = after.status == .confirmed
        guard wasPlanned || isPlanned else { return }
        if wasPlanned, isPlanned, before.startsAt == after.startsAt { return }
        if wasPlanned { try await cancel(after.id, tenant: tenant.id, now: now, on: sql) }
        if isPlanned { try await plan(after, tenant: tenant, now: now, on: sql) }
    }

    func plan(_ appointment: Appointment, tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws {
        guard tenant.plan.includes(.messagesAutoReminders) else { return }
        // On the caller's transaction: a second pool connection here can deadlock under load.
        let offsets = try await settings.read(NotificationSettings.self, tenant: tenant, on: sql).reminderOffsetsMinutes
        for offset in offsets.sorted(by: >) {
            let id = ReminderID.random()
            let due = appointment.startsAt.addingTimeInterval(-TimeInterval(offset * 60))
            var jobId: UUID?
            if due > now {
                jobId = try await Jobs.enqueue(
                    NewJob(
                        kind: Self.jobKind, queue: .ops,
                        payload: .object(["tenantId": .string(tenant.id.description), "reminderId": .string(id.description)]), tenantId: tenant.id,
                        runAt: due, uniqueKey: "\(Self.jobKind):\(id)"), at: now, on: sql)
            }
            try await AppointmentRemindersRepository(sql: sql, tenantId: tenant.id).insert(
                id, appointment: appointment, offsetMinutes: offset, dueAt: due, status: due > now ? "scheduled" : "skipped", jobId: jobId,
                detail: due > now ? nil : "already_due_when_confirmed", now: now)
        }
    }

    /// Cancels the appointment's pending reminders and removes their jobs.
    func cancel(_ appointment: AppointmentID, tenant: TenantID, now: Date, on sql: any SQLDatabase) async throws {
        let jobs = try await AppointmentRemindersRepository(sql: sql, tenantId: tenant).cancelScheduled(of: appointment, now: now)
        guard !jobs.isEmpty else { return }
        try await Jobs.withdraw(jobs, on: sql)
    }

    // MARK: Sending (the `reminder.send` job)

    public func register(in handlers: JobHandlers) {
        handlers.register(Self.jobKind) { try await send($0) }
    }

    struct Reminder: Decodable {
        let id: ReminderID
        let appointmentId: AppointmentID
        let offsetMinutes: Int
        let startsAt: Date
        let dueAt: Date
        let status: String
        let messageId: MessageID?
    }

    func send(_ job: JobContext) async throws {
        guard case .object(let payload) = job.job.payload, case .string(let tenantText) = payload["tenantId"],
            case .string(let reminderText) = payload["reminderId"], let tenantId = TenantID(string: tenantText),
            let reminderId = ReminderID(string: reminderText)
        else { throw PermanentJobFailure("malformed reminder job payload") }
        let now = job.clock.now()
        guard let tenant = try await TenantRecords.find(tenantId, on: database.sql),
            let reminder = try await Self.find(reminderId, tenant: tenantId, on: database.sql), reminder.status == "scheduled"
        else { return }
        guard let appointment = try await AppointmentDirectory(sql: database.sql, tenantId: tenantId).appointment(reminder.appointmentId), appointment.status == .confirmed,
            appointment.startsAt == reminder.startsAt
        else { return try await close(reminder, status: "cancelled", detail: "appointment_changed", tenant: tenantId, now: now) }
        guard tenant.plan.includes(.messagesAutoReminders) else {
            return try await close(reminder, status: "skipped", detail: "plan_without_auto_reminders", tenant: tenantId, now: now)
        }
        let notifications = try await settings.read(NotificationSettings.self, tenant: tenant)
        let zone = TenantRecords.zone(of: tenant)
        // Quiet hours would hold it until the appointment has begun: pointless, so skipped.
        if QuietHoursWindow.release(now, quiet: notifications.quietHours, zone: zone) >= appointment.startsAt {
            return try await close(reminder, status: "skipped", detail: "quiet_hours_until_start", tenant: tenantId, now: now)
        }
        guard let client = try await ClientDirectory(sql: database.sql).client(appointment.clientId, tenant: tenantId) else {
            return try await close(reminder, status: "cancelled", detail: "client_gone", tenant: tenantId, now: now)
        }
        let routing = MessageRouting(senders: senders)
        let channel: MessageChannel
        switch try await routing.first(
            of: MessageRouting.order(notifications), client: client, kind: .transactional, tenant: tenantId, on: database.sql)
        {
        case .success(let first): channel = first
        case .failure(let problems):
            return try await failUnreachable(reminder, appointment: appointment, detail: problems.summary, tenant: tenantId, now: now)
        }
        let service = MessagesService(
            database: database, clients: ClientsService(database: database, settings: settings, appointments: AppointmentClientScope()), settings: settings, senders: senders,
            catalog: catalog, publicBaseURL: publicBaseURL)
        var message = Message(
            id: .random(), tenantId: tenantId, clientId: client.id, appointmentId: appointment.id, channel: channel, direction: .outbound,
            kind: .transactional, recipient: MessageRouting.address(of: client, on: channel)!, subject: nil, body: "", templateKey: nil,
            templateValues: nil, status: .queued, provider: nil, providerMessageId: nil, cost: nil, costCurrency: nil, scheduledAt: now, sentAt: nil,
            deliveredAt: nil, readAt: nil, failedAt: nil, error: nil, attempts: 0, fallbackFrom: nil, externalId: nil, createdBy: nil,
            createdAt: now, updatedAt: now)
        let serviceName = try await AppointmentDirectory(sql: database.sql, tenantId: tenantId).serviceName(appointment.serviceId)
        try await service.render(
            &message, key: .appointmentReminder,
            values: TemplateValues(name: client.name, startsAt: appointment.startsAt, service: serviceName, link: service.bookingLink(tenant)),
            locale: client.locale ?? tenant.locale, zone: zone)
        let queued = message
        try await database.mutate(by: .system(tenantId: tenantId), at: now) { sql in
            let moved = try await AppointmentRemindersRepository(sql: sql, tenantId: tenantId).queue(reminder.id, message: queued.id, now: now)
            guard moved else { return ((), []) }
            return ((), [try await MessageOutbox.queue(queued, now: now, on: sql)])
        }
    }

    static func find(_ id: ReminderID, tenant: TenantID, on sql: any SQLDatabase) async throws -> Reminder? {
        try await AppointmentRemindersRepository(sql: sql, tenantId: tenant).find(id)
    }

    private func close(_ reminder: Reminder, status: String, detail: String, tenant: TenantID, now: Date) async throws {
        try await AppointmentRemindersRepository(sql: database.sql, tenantId: tenant).close(reminder.id, status: status, detail: detail, now: now)
    }

    private func failUnreachable(_ reminder: Reminder, appointment: Appointment, detail: String, tenant: TenantID, now: Date) async throws {
        try await database.mutate(by: .system(tenantId: tenant), at: now) { sql in
            let moved = try await AppointmentRemindersRepository(sql: sql, tenantId: tenant).failScheduled(reminder.id, detail: detail, now: now)
            guard moved else { return ((), []) }
            return (
                (),
                [try await Self.exception(reminder.id, appointment: appointment.id, messageId: nil, error: detail, tenant: tenant, now: now, on: sql)]
            )
        }
    }

    static func exception(
        _ reminder: ReminderID, appointment: AppointmentID, messageId: MessageID?, error: String, tenant: TenantID, now: Date, on sql: any SQLDatabase
    ) async throws -> MutationRecord {
        try await OperatorExceptions.open(
            kind: "reminder_failed", severity: .high, entityType: "appointment", entityId: appointment.description,
            title: "reminder_not_delivered",
            details: .object([
                "reminderId": .string(reminder.description), "messageId": messageId.map { .string($0.description) } ?? .null,
                "error": .string(error),
            ]), tenant: tenant, now: now, on: sql)
    }

    // MARK: Final failure of a reminder's message

    /// The dispatcher's `finalFailure`: a reminder whose message chain failed on every channel is
    /// `failed` with an exception for the operator. Another automatic message that failed
    /// everywhere opens an exception too; a staff member's own message shows its failure in
    /// the list.
    public static func finalFailure(_ message: Message, now: Date, on sql: any SQLDatabase) async throws -> [MutationRecord] {
        guard message.createdBy == nil else { return [] }
        var root = message
        let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
        var hops = 0
        while let earlier = root.fallbackFrom, hops < 5, let found = try await repository.find(earlier) {
            root = found
            hops += 1
        }
        let reminders = try await AppointmentRemindersRepository(sql: sql, tenantId: message.tenantId).failQueued(
            message: root.id, detail: message.error, now: now)
        if let reminder = reminders.first, let appointment = message.appointmentId {
            return [
                try await exception(
                    reminder, appointment: appointment, messageId: message.id, error: message.error ?? "", tenant: message.tenantId, now: now,
                    on: sql)
            ]
        }
        return [
            try await OperatorExceptions.open(
                kind: "message_failed", severity: .medium, entityType: "message", entityId: message.id.description, title: "message_not_delivered",
                details: .object(["error": .string(message.error ?? ""), "channel": .string(message.channel.rawValue)]), tenant: message.tenantId,
                now: now, on: sql)
        ]
    }
}
