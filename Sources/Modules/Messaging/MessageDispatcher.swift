import CRMCore
import Foundation
import Logging
import Providers
import SQLKit
import Tenancy
import Settings
import Clients

/// Runs the `message.send` and `message.status` jobs (queue `ops`): quiet hours and throttling
/// postpone a message; the tenant's provider sends it; a temporary failure is retried by the
/// queue; a permanent one (or the last retry) fails the message and falls back to the next
/// channel the client can receive, per the studio's order. A message that fails on every
/// channel calls `finalFailure` (reminders record an exception for the operator).
///
/// Delivery is at least once: a worker killed between the provider's answer and the commit
/// sends again when its lease expires.
public struct MessageDispatcher: Sendable {
    let database: Database
    let senders: any MessageSenderDirectory
    let settings: SettingsService
    let catalog: MessageCatalog
    let throttle: MessageThrottle
    let finalFailure: @Sendable (Message, Date, any SQLDatabase) async throws -> [MutationRecord]
    /// First status check after a send, then doubling; at most `maxPolls` checks.
    var statusPollDelay: TimeInterval = 60
    var maxPolls = 8

    public init(
        database: Database, senders: any MessageSenderDirectory, settings: SettingsService, catalog: MessageCatalog,
        throttle: MessageThrottle = MessageThrottle(),
        finalFailure: @escaping @Sendable (Message, Date, any SQLDatabase) async throws -> [MutationRecord] = { _, _, _ in [] }
    ) {
        self.database = database
        self.senders = senders
        self.settings = settings
        self.catalog = catalog
        self.throttle = throttle
        self.finalFailure = finalFailure
    }

    public func register(in handlers: JobHandlers) {
        handlers.register(MessageOutbox.sendKind) { try await send($0) }
        handlers.register(MessageOutbox.statusKind) { try await poll($0) }
    }

    static func ids(_ payload: JSONValue) throws -> (TenantID, MessageID) {
        guard case .object(let object) = payload, case .string(let tenant) = object["tenantId"], case .string(let message) = object["messageId"],
            let tenantId = TenantID(string: tenant), let messageId = MessageID(string: message)
        else { throw PermanentJobFailure("malformed message job payload") }
        return (tenantId, messageId)
    }

    // MARK: Sending

    func send(_ job: JobContext) async throws {
        let (tenantId, id) = try Self.ids(job.job.payload)
        let now = job.clock.now()
        guard let tenant = try await TenantRecords.find(tenantId, on: database.sql) else { throw PermanentJobFailure("tenant \(tenantId) is gone") }
        let repository = MessagesRepository(sql: database.sql, tenantId: tenantId)
        guard let message = try await repository.find(id) else { throw PermanentJobFailure("message \(id) is gone") }
        // Already sent or failed, or a later attempt was planned (quiet hours, throttling): nothing to do.
        guard message.status == .queued, message.scheduledAt <= now.addingTimeInterval(1) else { return }
        let notifications = try await settings.read(NotificationSettings.self, tenant: tenant)
        let release = QuietHoursWindow.release(now, quiet: notifications.quietHours, zone: TenantRecords.zone(of: tenant))
        if release > now { return try await postpone(message, to: release, reason: "quiet_hours", now: now) }
        if let later = try await throttle.delay(tenant: tenantId, channel: message.channel, now: now, on: database.sql) {
            return try await postpone(message, to: later, reason: "throttled", now: now)
        }
        guard let sender = try await senders.sender(for: message.channel, tenant: tenantId) else {
            return try await fail(message, error: "no \(message.channel.rawValue) provider is configured", tenant: tenant, now: now)
        }
        do {
            let receipt = try await sender.send(outbound(message, tenant: tenant))
            try await markSent(message, receipt: receipt, polls: Self.hasStatusAPI(receipt.provider), now: now)
        } catch let error as MessageSendError {
            if error.isPermanent || job.job.attempts >= job.job.maxAttempts {
                let detail = error.isPermanent ? error.description : "gave up after \(job.job.attempts) attempts: \(error.description)"
                return try await fail(message, error: detail, tenant: tenant, now: now)
            }
            try await recordAttempt(message, error: error.description, now: now)
            throw error
        }
    }

    /// SMS Aero, SMSC and Mailgun report delivery; Telegram and SMTP have nothing to ask.
    static func hasStatusAPI(_ provider: String) -> Bool { ["smsaero", "smsc", "mailgun"].contains(provider) }

    func outbound(_ message: Message, tenant: Tenant) -> OutboundMessage {
        var outbound = OutboundMessage(recipient: message.outboundRecipient, text: message.body)
        if message.channel == .telegram { outbound.inlineKeyboard = message.buttons }
        if message.channel == .email {
            outbound.subject =
                message.subject ?? catalog.message("message.email.default_subject", locale: tenant.locale, arguments: ["studio": tenant.name])
        }
        return outbound
    }

    private func postpone(_ message: Message, to later: Date, reason: String, now: Date) async throws {
        try await database.mutate(by: .system(tenantId: message.tenantId), at: now) { sql in
            let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
            try await repository.lock(message.id)
            guard var current = try await repository.find(message.id), current.status == .queued else { return ((), []) }
            current.scheduledAt = later
            current.updatedAt = now
            try await repository.update(current)
            try await MessageOutbox.enqueueSend(current.id, tenant: current.tenantId, at: later, now: now, on: sql)
            return (
                (),
                [
                    MutationRecord(
                        action: "message.postponed", entityType: "message", entityId: current.id.description,
                        payload: .object(["id": .string(current.id.description), "reason": .string(reason), "until": .string(Message.instant(later))])
                    )
                ]
            )
        }
    }

    private func markSent(_ message: Message, receipt: MessageReceipt, polls: Bool, now: Date) async throws {
        try await database.mutate(by: .system(tenantId: message.tenantId), at: now) { sql in
            let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
            try await repository.lock(message.id)
            guard let before = try await repository.find(message.id), before.status == .queued else { return ((), []) }
            var after = before
            after.status = receipt.status == .delivered ? .delivered : .sent
            after.sentAt = now
            if receipt.status == .delivered { after.deliveredAt = now }
            after.provider = receipt.provider
            after.providerMessageId = receipt.providerMessageId
            after.cost = receipt.cost.map { Money(minorUnits: $0.minorUnits) }
            after.costCurrency = receipt.cost?.currency
            after.attempts += 1
            after.error = nil
            after.updatedAt = now
            try await repository.update(after)
            if polls, after.status == .sent {
                try await MessageOutbox.enqueueStatusPoll(
                    after.id, tenant: after.tenantId, poll: 1, at: now.addingTimeInterval(statusPollDelay), now: now, on: sql)
            }
            return ((), [Self.record("message.sent", before: before, after: after)])
        }
    }

    private func recordAttempt(_ message: Message, error: String, now: Date) async throws {
        try await database.transaction { sql in
            let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
            guard var current = try await repository.find(message.id), current.status == .queued else { return }
            current.attempts += 1
            current.error = error
            current.updatedAt = now
            try await repository.update(current)
        }
    }

    static func record(_ action: String, before: Message, after: Message) -> MutationRecord {
        MutationRecord(
            action: action, entityType: "message", entityId: after.id.description, before: before.auditSnapshot, after: after.auditSnapshot)
    }

    // MARK: Failing and falling back

    /// Fails `message` for good and queues it on the next channel the client can receive; with
    /// no channel left, `finalFailure` runs in the same transaction.
    func fail(_ message: Message, error: String, tenant: Tenant, now: Date) async throws {
        let notifications = try await settings.read(NotificationSettings.self, tenant: tenant)
        try await database.mutate(by: .system(tenantId: message.tenantId), at: now) { sql in
            let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
            try await repository.lock(message.id)
            guard let before = try await repository.find(message.id), before.status != .failed, before.direction == .outbound else {
                return ((), [])
            }
            var after = before
            after.status = .failed
            after.failedAt = now
            after.error = String(error.prefix(1000))
            after.attempts += before.status == .queued ? 1 : 0
            after.updatedAt = now
            try await repository.update(after)
            var records = [Self.record("message.failed", before: before, after: after)]
            if let next = try await fallback(after, order: MessageRouting.order(notifications), tenant: tenant, now: now, on: sql) {
                records.append(try await MessageOutbox.queue(next, now: now, on: sql))
            } else {
                records += try await finalFailure(after, now, sql)
            }
            return ((), records)
        }
    }

    /// The same message on the next qualifying channel after those already tried.
    func fallback(_ failed: Message, order: [MessageChannel], tenant: Tenant, now: Date, on sql: any SQLDatabase) async throws -> Message? {
        guard let clientId = failed.clientId,
            let client = try await ClientDirectory(sql: sql).client(clientId, tenant: failed.tenantId), client.archivedAt == nil
        else { return nil }
        let repository = MessagesRepository(sql: sql, tenantId: failed.tenantId)
        var tried: Set<MessageChannel> = [failed.channel]
        var link = failed.fallbackFrom
        while let id = link, tried.count < MessageChannel.allCases.count + 1, let earlier = try await repository.find(id) {
            tried.insert(earlier.channel)
            link = earlier.fallbackFrom
        }
        let routing = MessageRouting(senders: senders)
        let remaining = order.filter { !tried.contains($0) }
        guard case .success(let channel) = try await routing.first(of: remaining, client: client, kind: failed.kind, tenant: failed.tenantId, on: sql)
        else { return nil }
        var next = failed
        next.id = .random()
        next.channel = channel
        next.recipient = MessageRouting.address(of: client, on: channel)!
        next.status = .queued
        next.provider = nil
        next.providerMessageId = nil
        next.cost = nil
        next.costCurrency = nil
        next.scheduledAt = now
        next.sentAt = nil
        next.deliveredAt = nil
        next.readAt = nil
        next.failedAt = nil
        next.error = nil
        next.attempts = 0
        next.fallbackFrom = failed.id
        next.createdAt = now
        next.updatedAt = now
        if let key = failed.templateKey.flatMap(TemplateKey.init(rawValue:)) {
            let locale = client.locale ?? tenant.locale
            let template = try await MessageTemplatesRepository(sql: sql, tenantId: failed.tenantId)
                .effective(key, channel: channel, locale: locale, catalog: catalog)
            next.body = TemplatePlaceholders.render(template.body, values: failed.templateValues ?? [:])
            next.subject = template.subject.map { TemplatePlaceholders.render($0, values: failed.templateValues ?? [:]) }
        }
        return next
    }

    // MARK: Delivery status

    func poll(_ job: JobContext) async throws {
        let (tenantId, id) = try Self.ids(job.job.payload)
        guard case .object(let object) = job.job.payload, case .int(let pollNumber) = object["poll"] else {
            throw PermanentJobFailure("malformed status job payload")
        }
        let now = job.clock.now()
        guard let tenant = try await TenantRecords.find(tenantId, on: database.sql) else { return }
        guard let message = try await MessagesRepository(sql: database.sql, tenantId: tenantId).find(id), message.status == .sent,
            let providerId = message.providerMessageId, let sender = try await senders.sender(for: message.channel, tenant: tenantId),
            sender.provider == message.provider
        else { return }
        let status: DeliveryStatus?
        do {
            status = try await sender.status(providerMessageId: providerId)
        } catch let error as MessageSendError where !error.isPermanent {
            throw error
        } catch {
            status = nil
        }
        switch status?.state {
        case .delivered?, .read?:
            try await markDelivered(message, read: status?.state == .read, now: now)
        case .failed?:
            try await fail(
                message, error: "\(message.provider ?? "provider"): not delivered: \(status?.error ?? "no reason given")", tenant: tenant, now: now)
        case .sent?:
            guard pollNumber < maxPolls else { return }
            let delay = statusPollDelay * pow(2, Double(pollNumber))
            try await database.transaction { sql in
                try await MessageOutbox.enqueueStatusPoll(
                    id, tenant: tenantId, poll: Int(pollNumber) + 1, at: now.addingTimeInterval(delay), now: now, on: sql)
            }
        case nil:
            return
        }
    }

    private func markDelivered(_ message: Message, read: Bool, now: Date) async throws {
        try await database.mutate(by: .system(tenantId: message.tenantId), at: now) { sql in
            let repository = MessagesRepository(sql: sql, tenantId: message.tenantId)
            try await repository.lock(message.id)
            guard let before = try await repository.find(message.id) else { return ((), []) }
            let target: MessageStatus = read ? .read : .delivered
            guard before.status.accepts(target) else { return ((), []) }
            var after = before
            after.status = target
            after.deliveredAt = after.deliveredAt ?? now
            if read { after.readAt = now }
            after.updatedAt = now
            try await repository.update(after)
            return ((), [Self.record("message.\(target.rawValue)", before: before, after: after)])
        }
    }
}
