import CRMCore
import Foundation
import Providers
import SQLKit

/// One Bot API call of the booking conversation (`sendMessage` with its keyboard, an edit).
public struct TelegramBotCall: Sendable, Equatable {
    public var method: String
    public var params: JSONValue

    public init(method: String, params: JSONValue) {
        self.method = method
        self.params = params
    }

    public static func send(chat: String, text: String, markup: JSONValue? = nil) -> TelegramBotCall {
        var params: [String: JSONValue] = ["chat_id": Int64(chat).map(JSONValue.int) ?? .string(chat), "text": .string(text)]
        if let markup { params["reply_markup"] = markup }
        return TelegramBotCall(method: "sendMessage", params: .object(params))
    }
}

/// The bot's answers go out as a durable job (`telegram.bot_calls`, queue `critical`) enqueued in
/// the transaction of the change they report: a booking never commits without its confirmation
/// on the way, and a rolled-back one never sends one. The calls of one job run in order (a
/// keyboard removal before the menu); a retry repeats them from the first (at least once, like
/// every message).
public enum TelegramBotCalls {
    static let kind = "telegram.bot_calls"

    public static func enqueue(_ calls: [TelegramBotCall], tenant: TenantID, now: Date, on sql: any SQLDatabase) async throws {
        guard !calls.isEmpty else { return }
        let payload = JSONValue.object([
            "tenantId": .string(tenant.description),
            "calls": .array(calls.map { .object(["method": .string($0.method), "params": $0.params]) }),
        ])
        try await Jobs.enqueue(NewJob(kind: kind, queue: .critical, payload: payload, tenantId: tenant), at: now, on: sql)
    }
}

/// Runs `telegram.bot_calls` with the studio's bot as it is configured now. A bot that is gone or
/// a refusal that will not change (blocked by the user, malformed call) ends the job; a timeout,
/// 5xx or 429 is retried by the queue.
public struct TelegramBotCallsRunner: Sendable {
    let bots: any TelegramBotDirectory

    public init(bots: any TelegramBotDirectory) { self.bots = bots }

    public func register(in handlers: JobHandlers) {
        handlers.register(TelegramBotCalls.kind) { try await run($0) }
    }

    func run(_ job: JobContext) async throws {
        guard case .object(let payload) = job.job.payload, case .string(let tenant) = payload["tenantId"], let tenantId = TenantID(string: tenant),
            case .array(let calls) = payload["calls"]
        else { throw PermanentJobFailure("malformed telegram.bot_calls payload") }
        guard let api = try await bots.telegramAPI(tenant: tenantId) else { throw PermanentJobFailure("the studio has no Telegram bot now") }
        for call in calls {
            guard case .object(let object) = call, case .string(let method) = object["method"], let params = object["params"] else {
                throw PermanentJobFailure("malformed telegram.bot_calls call")
            }
            do {
                try await api.perform(method, json: try JSONEncoder().encode(params))
            } catch let error as MessageSendError where error.isPermanent {
                throw PermanentJobFailure(error.description)
            }
        }
    }
}
