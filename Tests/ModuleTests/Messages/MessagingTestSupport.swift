import CRMCore
import Foundation
import Logging
import Modules
import Providers
import SQLKit
import Synchronization
import Testing
import TestSupport

/// A provider double for the messaging flow tests (the real clients are tested against local
/// fake servers in ProviderTests): it records what it was asked to send and answers with the
/// scripted outcomes in order (then accepts everything).
final class ScriptedSender: MessageSender {
    enum Outcome: Sendable {
        case accept(MessageReceipt.Status)
        case fail(MessageSendError.Reason)
    }

    let provider: String
    let channel: MessageChannel
    private let script: Mutex<[Outcome]>
    private let log = Mutex<[OutboundMessage]>([])
    private let statusAnswers: Mutex<[DeliveryStatus]>

    init(provider: String, channel: MessageChannel, script: [Outcome] = [], statuses: [DeliveryStatus] = []) {
        self.provider = provider
        self.channel = channel
        self.script = Mutex(script)
        self.statusAnswers = Mutex(statuses)
    }

    var sent: [OutboundMessage] { log.withLock { $0 } }

    func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        log.withLock { $0.append(message) }
        let outcome = script.withLock { $0.isEmpty ? Outcome.accept(.sent) : $0.removeFirst() }
        switch outcome {
        case .accept(let status):
            return MessageReceipt(provider: provider, providerMessageId: "\(provider)-\(sent.count)", status: status)
        case .fail(let reason):
            throw MessageSendError(reason, provider: provider, message: "scripted \(reason.rawValue)")
        }
    }

    func status(providerMessageId: String) async throws -> DeliveryStatus? {
        statusAnswers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// Every tenant gets the same scripted senders (the tests use one studio at a time).
struct ScriptedSenders: MessageSenderDirectory {
    let byChannel: [MessageChannel: ScriptedSender]

    init(_ senders: ScriptedSender...) {
        byChannel = Dictionary(uniqueKeysWithValues: senders.map { ($0.channel, $0) })
    }

    func sender(for channel: MessageChannel, tenant: TenantID) async throws -> (any MessageSender)? { byChannel[channel] }
}

struct FixedTelegramBot: TelegramBotDirectory {
    let identity: TelegramBotIdentity

    func telegramBot(tenant: TenantID) async throws -> TelegramBotIdentity? { identity }
}

/// Runs every job due at the app clock's now, one at a time, until none is left.
@discardableResult
func runDueJobs(_ app: TestApp, limit: Int = 50) async throws -> Int {
    let worker = JobWorker(
        name: "test-worker", store: JobStore(database: app.database), handlers: app.jobs.handlers, clock: app.clock, logger: testLogger)
    var ran = 0
    while ran < limit, try await worker.runOnce() != nil { ran += 1 }
    return ran
}

struct StoredJob: Decodable {
    let kind: String
    let runAt: Date
    let status: String
    let payload: String
}

func jobs(_ database: Database, _ tenant: TenantID, kind: String) async throws -> [StoredJob] {
    try await database.sql.raw(
        "SELECT kind, run_at, status, payload FROM jobs WHERE tenant_id = \(bind: tenant) AND kind = \(bind: kind) ORDER BY run_at"
    ).all(decoding: StoredJob.self, keyDecodingStrategy: .convertFromSnakeCase)
}

struct StoredReminder: Decodable {
    let offsetMinutes: Int
    let dueAt: Date
    let status: String
    let detail: String?
}

func reminders(_ database: Database, _ tenant: TenantID) async throws -> [StoredReminder] {
    try await database.sql.raw(
        "SELECT offset_minutes, due_at, status, detail FROM appointment_reminders WHERE tenant_id = \(bind: tenant) ORDER BY created_at, due_at"
    ).all(decoding: StoredReminder.self, keyDecodingStrategy: .convertFromSnakeCase)
}

struct MessageBody: Decodable, Sendable {
    let id: String
    let clientId: String?
    let clientName: String?
    let channel: String
    let direction: String
    let kind: String
    let recipient: String
    let subject: String?
    let body: String
    let templateKey: String?
    let status: String
    let provider: String?
    let scheduledAt: String
    let error: String?
    let fallbackFrom: String?
}

struct MessagePage: Decodable { let items: [MessageBody] }

func isoDate(_ text: String) -> Date { try! TenantTime.parseISO(text, in: TimeZone(identifier: "UTC")!) }
