import CRMCore
import Foundation
import HummingbirdTesting
import Providers
import SQLKit
import Synchronization
import TestSupport

/// An integration as the API shows it.
struct IntegrationBody: Decodable, Sendable {
    struct LastTest: Decodable, Sendable {
        let at: Date
        let ok: Bool
        let error: String?
    }

    let provider: String
    let channel: String
    let state: String
    let settings: [String: JSONValue]
    let secrets: [String: Bool]
    let lastTest: LastTest?
}

struct IntegrationList: Decodable, Sendable { let items: [IntegrationBody] }

struct IntegrationTestBody: Decodable, Sendable {
    struct Failure: Decodable, Sendable {
        let reason: String
        let temporary: Bool
        let code: String?
        let message: String
    }

    let provider: String
    let ok: Bool
    let detail: String?
    let error: Failure?
    let integration: IntegrationBody
}

/// Credentials of every provider the tests use; the secrets are distinctive strings, so a
/// search through any answer or row finds them if they leaked.
enum IntegrationSamples {
    static let smsAeroKey = "aero-SECRET-key-7f3a9c"
    static let smscPassword = "smsc-SECRET-pass-51c2"
    static let mailgunKey = "key-mailgun-SECRET-e8d1"
    static let smtpPassword = "smtp-SECRET-pass-0b7e"
    static let botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    static let yooKassaKey = "test_YooKassaSECRET4c1e"
    static let stripeKey = "sk_test_StripeSECRET9a2d"
    static let stripeWebhookSecret = "whsec_StripeHookSECRET33"

    static var allSecrets: [String] {
        [smsAeroKey, smscPassword, mailgunKey, smtpPassword, botToken, yooKassaKey, stripeKey, stripeWebhookSecret]
    }

    /// A complete body for each provider.
    static let bodies: [String: String] = [
        "smsaero": #"{"email":"owner@studio.example","apiKey":"\#(smsAeroKey)","sign":"Veloria"}"#,
        "smsc": #"{"login":"studio","password":"\#(smscPassword)","sender":"Veloria"}"#,
        "mailgun": #"{"domain":"mg.studio.example","apiKey":"\#(mailgunKey)","from":"Studio <noreply@mg.studio.example>","region":"eu"}"#,
        "smtp":
            #"{"host":"127.0.0.1","port":2525,"security":"none","username":"mailer","password":"\#(smtpPassword)","fromAddress":"noreply@studio.example"}"#,
        "telegram": #"{"botToken":"\#(botToken)"}"#,
        "yookassa": #"{"shopId":"123456","secretKey":"\#(yooKassaKey)"}"#,
        "stripe": #"{"secretKey":"\#(stripeKey)","webhookSecret":"\#(stripeWebhookSecret)","publishableKey":"pk_test_StudioPublic1"}"#,
    ]
}

/// Answers like every provider at once, by path (the paths do not overlap): the success
/// answers of the calls the integrations make.
enum FakeProviders {
    static let botUsername = "VeloriaStudioBot"

    static func success(_ request: FakeHTTPServer.RecordedRequest) -> FakeHTTPServer.Reply {
        let path = request.path
        if path == "/v2/balance" { return .json(#"{"success":true,"data":{"balance":337.03},"message":null}"#) }
        if path == "/v2/sms/send" {
            return .json(#"{"success":true,"data":{"id":777,"status":0,"extendStatus":"queue","cost":5.49},"message":null}"#)
        }
        if path == "/sys/balance.php" { return .json(#"{"balance":"123.45","currency":"RUR"}"#) }
        if path.hasPrefix("/v3/domains/") { return .json(#"{"domain":{"name":"mg.studio.example","state":"active"}}"#) }
        if path.hasSuffix("/getMe") {
            return .json(#"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Studio","username":"\#(botUsername)"}}"#)
        }
        if path.hasSuffix("/setWebhook") || path.hasSuffix("/deleteWebhook") { return .json(#"{"ok":true,"result":true}"#) }
        if path == "/v3/me" { return .json(#"{"account_id":"123456","test":true,"status":"enabled"}"#) }
        if path == "/v1/balance" { return .json(#"{"object":"balance","available":[{"amount":150000,"currency":"rub"}],"livemode":false}"#) }
        return .json(#"{"error":"unexpected path"}"#, status: 418)
    }

    /// Flipped by a test to change how the fake answers from then on.
    final class Switch: Sendable {
        private let state = Mutex(false)
        var isOn: Bool { state.withLock { $0 } }
        func turnOn() { state.withLock { $0 = true } }
    }

    /// Every provider refusing the credentials the way it does.
    static func rejecting(_ request: FakeHTTPServer.RecordedRequest) -> FakeHTTPServer.Reply {
        let path = request.path
        if path == "/v2/balance" { return .json(#"{"success":false,"data":null,"message":"Your credentials are incorrect"}"#, status: 401) }
        if path.hasPrefix("/v3/domains/") { return FakeHTTPServer.Reply(status: 401, body: Data("Forbidden".utf8)) }
        if path.hasPrefix("/bot") { return .json(#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#, status: 401) }
        if path == "/v3/me" {
            return .json(#"{"type":"error","code":"invalid_credentials","description":"Authentication by given credentials failed"}"#, status: 401)
        }
        if path == "/v1/balance" {
            return .json(#"{"error":{"message":"Invalid API Key provided: sk_test_****9a2d","type":"invalid_request_error"}}"#, status: 401)
        }
        return .json(#"{"error":"unexpected path"}"#, status: 418)
    }
}

extension TestClientProtocol {
    func putIntegration(_ provider: String, _ json: String, token: String) async throws -> TestResponse {
        try await call(.put, "/api/v1/integrations/\(provider)", as: .bearer(token), json: json)
    }

    /// Sets the provider with the sample body (fails on anything but 200).
    @discardableResult
    func configure(_ provider: String, token: String, json: String? = nil) async throws -> IntegrationBody {
        let response = try await putIntegration(provider, json ?? IntegrationSamples.bodies[provider]!, token: token)
        guard response.status == .ok else { throw FixtureFailure("integration fixture: \(response.status.code) \(response.text)") }
        return try response.decoded(IntegrationBody.self)
    }
}

/// The stored row as it is on disk.
struct StoredIntegration: Decodable {
    let enabled: Bool
    let settings: String
    let secrets: String
    let updatedAt: Date

    var sealed: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(secrets.utf8))) ?? [:] }
}

func storedIntegration(_ database: Database, _ tenant: TenantID, _ provider: String) async throws -> StoredIntegration? {
    try await database.sql.raw(
        "SELECT enabled, settings, secrets, updated_at FROM integrations WHERE tenant_id = \(bind: tenant) AND provider = \(bind: provider)"
    ).first(decoding: StoredIntegration.self, keyDecodingStrategy: .convertFromSnakeCase)
}

/// Every audit entry's before/after and every event's payload of `tenant`, as stored text.
func auditAndOutboxText(_ database: Database, _ tenant: TenantID) async throws -> String {
    let audit = try await database.sql.raw(
        "SELECT action, before_state, after_state FROM audit_log WHERE tenant_id = \(bind: tenant)"
    ).all().map { row in
        [
            try row.decode(column: "action", as: String.self), try row.decode(column: "before_state", as: String?.self) ?? "",
            try row.decode(column: "after_state", as: String?.self) ?? "",
        ].joined(separator: " ")
    }
    let events = try await database.sql.raw("SELECT type, payload FROM domain_events WHERE tenant_id = \(bind: tenant)").all().map { row in
        try row.decode(column: "type", as: String.self) + " " + row.decode(column: "payload", as: String.self)
    }
    return (audit + events).joined(separator: "\n")
}
