import CRMCore
import Foundation
import Providers
import SQLKit
import Tenancy
import Settings
import Clients

/// Which channel a message to a client goes on. A channel qualifies when the client has an
/// address there (phone, email, linked Telegram chat), the studio has a provider configured for
/// it, and — for marketing — the client consented to marketing on it.
struct MessageRouting: Sendable {
    let senders: any MessageSenderDirectory

    static func address(of client: Customer, on channel: MessageChannel) -> String? {
        let value: String? =
            switch channel {
            case .sms: client.phone
            case .email: client.email
            case .telegram: client.telegramChatId
            }
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    static func consent(for channel: MessageChannel) -> ConsentKind {
        switch channel {
        case .sms: .marketingSMS
        case .email: .marketingEmail
        case .telegram: .marketingTelegram
        }
    }

    /// Why `channel` does not qualify, or nil when it does.
    func problem(_ channel: MessageChannel, client: Customer, kind: MessageKind, tenant: TenantID, on sql: any SQLDatabase) async throws
        -> String?
    {
        guard Self.address(of: client, on: channel) != nil else { return "unreachable" }
        if kind == .marketing,
            !(try await ClientDirectory(sql: sql).hasConsent(Self.consent(for: channel), client: client.id, tenant: tenant))
        {
            return "consent_required"
        }
        guard try await senders.sender(for: channel, tenant: tenant) != nil else { return "not_configured" }
        return nil
    }

    /// The first qualifying channel of `order`, or every channel's problem.
    func first(
        of order: [MessageChannel], client: Customer, kind: MessageKind, tenant: TenantID, on sql: any SQLDatabase
    ) async throws -> Result<MessageChannel, ChannelProblems> {
        var problems: [MessageChannel: String] = [:]
        for channel in order {
            if let problem = try await problem(channel, client: client, kind: kind, tenant: tenant, on: sql) {
                problems[channel] = problem
            } else {
                return .success(channel)
            }
        }
        return .failure(ChannelProblems(problems: problems))
    }

    /// The studio's channel order (notification settings) as provider channels.
    static func order(_ settings: NotificationSettings) -> [MessageChannel] {
        settings.channels.compactMap { MessageChannel(rawValue: $0.rawValue) }
    }
}

struct ChannelProblems: Error, Sendable {
    var problems: [MessageChannel: String]

    /// One line for a message's `error`: `telegram: unreachable; sms: not_configured`.
    var summary: String {
        problems.keys.sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue): \(problems[$0]!)" }.joined(separator: "; ")
    }
}

/// Putting a message on its way: the row and its `message.send` job, in the caller's
/// transaction.
enum MessageOutbox {
    static let sendKind = "message.send"
    static let statusKind = "message.status"

    /// Inserts `message` (queued) and its send job; answers the audit record.
    static func queue(_ message: Message, now: Date, on sql: any SQLDatabase) async throws -> MutationRecord {
        try await MessagesRepository(sql: sql, tenantId: message.tenantId).insert(message)
        try await enqueueSend(message.id, tenant: message.tenantId, at: message.scheduledAt, now: now, on: sql)
        return MutationRecord(
            action: "message.queued", entityType: "message", entityId: message.id.description, after: message.auditSnapshot)
    }

    /// A send attempt at `at`; one job per message and instant.
    static func enqueueSend(_ id: MessageID, tenant: TenantID, at: Date, now: Date, on sql: any SQLDatabase) async throws {
        try await Jobs.enqueue(
            NewJob(
                kind: sendKind, queue: .ops, payload: payload(id, tenant), tenantId: tenant, runAt: at,
                uniqueKey: "\(sendKind):\(id):\(Int(at.timeIntervalSince1970 * 1000))"),
            at: now, on: sql)
    }

    /// Asks the provider where the message stands after `delay`; `poll` counts the asks.
    static func enqueueStatusPoll(_ id: MessageID, tenant: TenantID, poll: Int, at: Date, now: Date, on sql: any SQLDatabase) async throws {
        var body = payload(id, tenant)
        if case .object(var object) = body {
            object["poll"] = .int(Int64(poll))
            body = .object(object)
        }
        try await Jobs.enqueue(
            NewJob(kind: statusKind, queue: .ops, payload: body, tenantId: tenant, runAt: at, uniqueKey: "\(statusKind):\(id):\(poll)"),
            at: now, on: sql)
    }

    static func payload(_ id: MessageID, _ tenant: TenantID) -> JSONValue {
        .object(["messageId": .string(id.description), "tenantId": .string(tenant.description)])
    }
}
